// Once per vitest run (integration, security, e2e): compiles the server (scripts/build-server.mjs)
// and copies it to dist/server-under-test, which tests/helpers/server.ts runs. A copy, replaced
// atomically, so that `npm start` (which rebuilds dist/server) in a test cannot change the file
// other tests are starting.
import { copyFileSync, mkdirSync, renameSync } from "node:fs";
import path from "node:path";
import { COMPILED_SERVER, ensureCompiledServer, SERVER_UNDER_TEST } from "../../scripts/lib/server-process";

export default function setup(): void {
  // once per run even though three projects name this setup; npm test (scripts/test-all.mjs) has
  // compiled it just before and says so with BREAKWATER_SERVER_COMPILED=1
  if (process.env.BREAKWATER_SERVER_COMPILED !== "1") ensureCompiledServer({ force: true });
  process.env.BREAKWATER_SERVER_COMPILED = "1";
  mkdirSync(path.dirname(SERVER_UNDER_TEST), { recursive: true });
  for (const [from, to] of [
    [COMPILED_SERVER, SERVER_UNDER_TEST],
    [`${COMPILED_SERVER}.map`, `${SERVER_UNDER_TEST}.map`],
  ] as const) {
    const tmp = `${to}.${process.pid}.tmp`;
    copyFileSync(from, tmp);
    renameSync(tmp, to);
  }
}
