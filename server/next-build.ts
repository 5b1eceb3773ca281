// `npm start` right after `npm install` works: without a production build, build first.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import type { Logger } from "./logger";

export function ensureProductionBuild(rootDir: string, log: Logger): void {
  if (existsSync(path.join(rootDir, ".next", "BUILD_ID"))) return;
  log.info("no production build found: running `next build` once (this takes a minute or two)");
  const nextBin = path.join(rootDir, "node_modules", "next", "dist", "bin", "next");
  const r = spawnSync(process.execPath, [nextBin, "build"], { cwd: rootDir, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (r.status !== 0) throw new Error(`next build failed (exit ${r.status ?? r.signal})`);
}
