// npm run db:migration <name>
// Writes prisma/migrations/<provider>/<timestamp>_<name>/migration.sql for SQLite and PostgreSQL,
// produced offline by `prisma migrate diff` from the schema as of the last migration
// (prisma/migrations/schema.snapshot.prisma) to prisma/schema.prisma, then updates the snapshot.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { PROVIDERS, root, schemaFor } from "./prisma-schemas.mjs";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration <name>   (name: lower-case letters, digits and _)");
  process.exit(2);
}
const source = readFileSync(path.join(root, "prisma/schema.prisma"), "utf8");
const snapshotFile = path.join(root, "prisma/migrations/schema.snapshot.prisma");
const previous = existsSync(snapshotFile) ? readFileSync(snapshotFile, "utf8") : null;
const tmp = mkdtempSync(path.join(os.tmpdir(), "bw-migration-"));
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
let wrote = 0;
for (const provider of PROVIDERS) {
  const to = path.join(tmp, `${provider}.to.prisma`);
  writeFileSync(to, schemaFor(provider, source));
  let from = ["--from-empty"];
  if (previous) {
    const file = path.join(tmp, `${provider}.from.prisma`);
    writeFileSync(file, schemaFor(provider, previous));
    from = ["--from-schema-datamodel", file];
  }
  const cli = path.join(root, "node_modules/prisma/build/index.js");
  const args = [cli, "migrate", "diff", ...from, "--to-schema-datamodel", to, "--script"];
  const sql = execFileSync(process.execPath, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (/^\s*-- This is an empty migration\.\s*$/.test(sql) || sql.trim() === "") {
    console.log(`${provider}: no schema changes`);
    continue;
  }
  const dir = path.join(root, "prisma/migrations", provider, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "migration.sql"), sql);
  console.log(`${provider}: wrote ${path.relative(root, dir)}/migration.sql`);
  wrote++;
}
if (wrote > 0) writeFileSync(snapshotFile, source);
