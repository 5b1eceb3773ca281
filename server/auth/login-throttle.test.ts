import { describe, expect, it } from "vitest";
import { createLoginThrottle, MAX_ATTEMPTS, WINDOW_MS } from "./login-throttle";
import type { LoginAttemptsRepo } from "../persistence/repos/login-attempts";

/** The repo's contract in memory: one fixed window per key, opened by the first attempt. */
function memoryRepo(): LoginAttemptsRepo & { windows: Map<string, { count: number; windowStart: number }> } {
  const windows = new Map<string, { count: number; windowStart: number }>();
  return {
    windows,
    async increment(key, now, expiredBefore) {
      const w = windows.get(key);
      const next = !w || w.windowStart <= expiredBefore ? { count: 1, windowStart: now } : { count: w.count + 1, windowStart: w.windowStart };
      windows.set(key, next);
      return { ...next };
    },
    async get(key) {
      return windows.get(key) ?? null;
    },
    async clear(key) {
      windows.delete(key);
    },
    async prune() {},
  } as LoginAttemptsRepo & { windows: Map<string, { count: number; windowStart: number }> };
}

describe("login throttle", () => {
  it(`evaluates ${MAX_ATTEMPTS} attempts per window, then asks to wait until the window ends`, async () => {
    let t = 1_000_000;
    const throttle = createLoginThrottle(memoryRepo(), () => t);
    for (let i = 0; i < MAX_ATTEMPTS; i++) expect(await throttle.admit("k")).toEqual({ allowed: true });
    t += 60_000;
    expect(await throttle.admit("k")).toEqual({ allowed: false, retryAfterMs: WINDOW_MS - 60_000 });
    t = 1_000_000 + WINDOW_MS;
    expect(await throttle.admit("k")).toEqual({ allowed: true });
  });

  it("never asks for longer than one window when a concurrent attempt, clocked later, opened it", async () => {
    const repo = memoryRepo();
    // the window was opened by an attempt that read the clock 5 ms after this one did
    repo.windows.set("k", { count: MAX_ATTEMPTS, windowStart: 1_000_005 });
    const throttle = createLoginThrottle(repo, () => 1_000_000);
    expect(await throttle.admit("k")).toEqual({ allowed: false, retryAfterMs: WINDOW_MS });
  });
});
