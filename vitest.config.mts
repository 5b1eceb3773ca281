import { defineConfig } from "vitest/config";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const alias = { "@": path.dirname(fileURLToPath(import.meta.url)) };

// Test files run two at a time (every project in one pool): each integration, security and e2e
// file starts its own server on free ports against its own database, so files are independent,
// and most of their time is spent waiting on the server. BREAKWATER_TEST_WORKERS overrides it
// (1 = one file at a time).
const workers = Number(process.env.BREAKWATER_TEST_WORKERS) || Math.max(2, Math.min(3, os.availableParallelism() - 1));

// compiles the server once per run and copies it to dist/server-under-test (tests/helpers/server.ts)
const globalSetup = ["tests/helpers/global-setup.ts"];

/** A project of tests/<name>/*.test.ts that start real servers (so share the global setup). */
function serverProject(name: string, testTimeout: number, hookTimeout: number) {
  return {
    resolve: { alias },
    test: { name, include: [`tests/${name}/**/*.test.ts`], environment: "node", globalSetup, testTimeout, hookTimeout },
  };
}

export default defineConfig({
  resolve: { alias },
  test: {
    maxWorkers: workers,
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "server/**/*.test.ts", "components/**/*.test.ts", "bench/lib/**/*.test.ts"],
          environment: "node",
          // fake clocks, but some simulations are CPU-bound: room for a machine that is busy
          testTimeout: 30_000,
        },
      },
      serverProject("integration", 60_000, 180_000),
      serverProject("security", 60_000, 180_000),
      serverProject("e2e", 120_000, 240_000),
    ],
  },
});
