// After MAX_FAILURES failed logins for one username+IP within WINDOW_MS, further attempts are
// refused with 429 until the oldest counted failure leaves the window.
import type { LoginFailuresRepo } from "../persistence/repos/login-failures";

export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60_000;

export function throttleKey(username: string, ip: string): string {
  return `${username.toLowerCase()}|${ip}`;
}

export function createLoginThrottle(repo: LoginFailuresRepo, now: () => number = Date.now) {
  return {
    /** Milliseconds until another attempt is allowed, or 0 when allowed now. */
    async retryAfterMs(key: string): Promise<number> {
      const t = now();
      const failures = await repo.since(key, new Date(t - WINDOW_MS));
      if (failures.length < MAX_FAILURES) return 0;
      const oldestCounted = failures[failures.length - MAX_FAILURES]!;
      return Math.max(1000, oldestCounted.getTime() + WINDOW_MS - t);
    },
    async fail(key: string): Promise<void> {
      await repo.record(key, new Date(now()));
    },
    async succeed(key: string): Promise<void> {
      await repo.clear(key);
    },
  };
}
export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
