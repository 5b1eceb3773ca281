// npm test: everything a fresh machine needs to prove the product works.
//   services reachable → chromium and promtool present → typecheck, lint and function length (side by side) →
//   production build and compiled server (dist/server, side by side) → vitest (unit, integration,
//   security, e2e; two files at a time). Ends with one line "N passed, N failed".
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const startedAt = Date.now();
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
/** Runs steps at the same time; the output of each is printed as a block when it ends. */
async function together(steps) {
  const t0 = Date.now();
  console.log(`\n▶ ${steps.map((s) => s.title).join(" + ")}`);
  const results = await Promise.all(
    steps.map(
      ({ title, cmd, args, env = {} }) =>
        new Promise((resolve) => {
          const started = Date.now();
          const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
          let out = "";
          child.stdout.on("data", (d) => (out += d));
          child.stderr.on("data", (d) => (out += d));
          child.once("close", (code, signal) => {
            process.stdout.write(out);
            const ok = code === 0;
            console.log(`${ok ? "✔" : "✖"} ${title}${ok ? "" : ` failed (exit ${code ?? signal})`} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
            resolve({ ok, code });
          });
        }),
    ),
  );
  const failed = results.find((r) => !r.ok);
  if (failed) process.exit(failed.code || 1);
  console.log(`✔ ${steps.length} steps (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

// tsc reads .next/types, which the build rewrites: type-check and lint first, then build
await together([
  { title: "typecheck", cmd: bin("tsc"), args: ["--noEmit", "-p", "."] },
  { title: "lint", cmd: bin("eslint"), args: [".", "--max-warnings=0"] },
  { title: "function length", cmd: process.execPath, args: ["scripts/check-function-length.mjs"] },
]);
// a clean build, except for Next's own build cache (.next/cache), which it keeps correct itself and
// which makes a repeated build much faster (a fresh checkout has none)
for (const entry of existsSync(path.join(root, ".next")) ? readdirSync(path.join(root, ".next")) : []) {
  if (entry !== "cache") rmSync(path.join(root, ".next", entry), { recursive: true, force: true });
}
await together([
  { title: "production build", cmd: bin("next"), args: ["build"], env: { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" } },
  { title: "compiled server", cmd: process.execPath, args: ["scripts/build-server.mjs"] },
]);

mkdirSync(path.join(root, "test-results"), { recursive: true });
const report = path.join(root, "test-results", "vitest.json");
const t0 = Date.now();
console.log("\n▶ tests (unit, integration, security, e2e)");
const r = spawnSync(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`], {
  cwd: root,
  stdio: "inherit",
  // the global setup copies the server compiled above instead of compiling it again
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", BREAKWATER_SERVER_COMPILED: "1" },
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
console.log(`tests took ${((Date.now() - t0) / 1000).toFixed(1)} s; npm test took ${((Date.now() - startedAt) / 1000).toFixed(1)} s in all`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(r.status === 0 && failed === 0 ? 0 : 1);
