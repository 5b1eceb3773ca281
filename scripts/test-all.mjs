// npm test: everything a fresh machine needs to prove the product works.
//   services reachable → chromium and promtool present → typecheck → lint → production build →
//   compiled server (dist/server) → vitest (unit, integration, security, e2e). Ends with one line "N passed, N failed".
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);

function step(title, cmd, args, env = {}) {
  const t0 = Date.now();
  console.log(`\n▶ ${title}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(`✖ ${title} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
  console.log(`✔ ${title} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

step("PostgreSQL and Redis reachable", process.execPath, ["scripts/check-services.mjs"]);
step("Chromium for browser tests", process.execPath, ["scripts/ensure-chromium.mjs"]);
step("promtool for the /metrics lint", process.execPath, ["scripts/ensure-promtool.mjs"]);
step("typecheck", bin("tsc"), ["--noEmit", "-p", "."]);
step("lint", bin("eslint"), [".", "--max-warnings=0"]);
rmSync(path.join(root, ".next"), { recursive: true, force: true });
step("production build", bin("next"), ["build"], { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" });
step("compiled server", process.execPath, ["scripts/build-server.mjs"]);

mkdirSync(path.join(root, "test-results"), { recursive: true });
const report = path.join(root, "test-results", "vitest.json");
const t0 = Date.now();
console.log("\n▶ tests (unit, integration, e2e)");
const r = spawnSync(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const j = JSON.parse(readFileSync(report, "utf8"));
  passed = j.numPassedTests;
  failed = j.numFailedTests + (j.numTotalTestSuites > 0 && j.success === false && j.numFailedTests === 0 ? 1 : 0);
  skipped = j.numPendingTests + j.numTodoTests;
} catch {
  failed = Math.max(1, failed);
}
console.log(`tests took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(r.status === 0 && failed === 0 ? 0 : 1);
