// postinstall: generates the Prisma client for SQLite and for PostgreSQL (JS engine, no binaries).
import { mkdirSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { PROVIDERS, root, schemaFor } from "./prisma-schemas.mjs";

const dir = path.join(root, "prisma/generated/schemas");
mkdirSync(dir, { recursive: true });
for (const provider of PROVIDERS) {
  const file = path.join(dir, `${provider}.prisma`);
  writeFileSync(file, schemaFor(provider));
  execFileSync(process.execPath, [path.join(root, "node_modules/prisma/build/index.js"), "generate", "--schema", file], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
  console.log(`prisma: generated the ${provider} client`);
}
