// Derives one Prisma schema per provider from prisma/schema.prisma (the single source of truth).
// Only the datasource provider/url and the generator output differ between them.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const PROVIDERS = ["sqlite", "postgresql"];

const PLACEHOLDER_URL = {
  sqlite: "file:./placeholder.db",
  postgresql: "postgresql://placeholder@localhost:5432/placeholder",
};

/** The schema text for one provider, derived from the given source text. */
export function schemaFor(provider, source = readFileSync(path.join(root, "prisma/schema.prisma"), "utf8")) {
  const out = source
    .replace(/provider\s*=\s*"sqlite"/, `provider = "${provider}"`)
    .replace(/url\s*=\s*"[^"]*"/, `url      = "${PLACEHOLDER_URL[provider]}"`)
    .replace(/output\s*=\s*"\.\/generated\/sqlite"/, `output     = "../${provider}"`);
  if (!out.includes(`provider = "${provider}"`)) throw new Error(`could not derive the ${provider} schema`);
  return out;
}
