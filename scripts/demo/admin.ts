// The admin password of the demo: BREAKWATER_ADMIN_PASSWORD when set; otherwise the demo chooses one
// on its first run and keeps it in data/demo-admin-password (readable by the owner only), so that
// it can sign in on every later run and create its experiment through the API. The server uses it
// only when it creates `admin` on an empty database.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface DemoAdmin {
  password: string;
  /** env: BREAKWATER_ADMIN_PASSWORD; saved: chosen by an earlier run; new: chosen now (and saved). */
  from: "env" | "saved" | "new";
}

export function demoAdminPassword(file: string, env: Record<string, string | undefined> = process.env): DemoAdmin {
  const fromEnv = env.BREAKWATER_ADMIN_PASSWORD;
  if (fromEnv) return { password: fromEnv, from: "env" };
  if (existsSync(file)) {
    const saved = readFileSync(file, "utf8").trim();
    if (saved.length >= 8) return { password: saved, from: "saved" };
  }
  const password = randomBytes(12).toString("base64url");
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // also when the file was there already (e.g. empty)
  return { password, from: "new" };
}
