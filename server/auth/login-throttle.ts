// At most MAX_ATTEMPTS sign-in attempts per username+IP are evaluated within WINDOW_MS; further
// attempts are refused with 429 until the oldest counted one leaves the window. A success clears
// the key.
//
// The attempt is counted before the password is checked, atomically across requests and
// instances: each attempt first inserts (and commits) its row, then counts the key's rows. If more
// than MAX_ATTEMPTS attempts were evaluated in one window, the last of them to count would have
// seen all of their rows (each was inserted before its own count), so it would have been refused.
// A refused attempt takes its row back, so hammering a locked key does not extend the lock.
import type { LoginFailuresRepo } from "../persistence/repos/login-failures";

export const MAX_ATTEMPTS = 5;
export const WINDOW_MS = 15 * 60_000;

export function throttleKey(username: string, ip: string): string {
  return `${username.toLowerCase()}|${ip}`;
}

export type Admission = { allowed: true } | { allowed: false; retryAfterMs: number };

export function createLoginThrottle(repo: LoginFailuresRepo, now: () => number = Date.now) {
  return {
    /** Counts an attempt; tells whether it may be evaluated, or how long to wait. */
    async admit(key: string): Promise<Admission> {
      const id = await repo.record(key, new Date(now()));
      const t = now();
      const attempts = await repo.since(key, new Date(t - WINDOW_MS));
      if (attempts.length <= MAX_ATTEMPTS) return { allowed: true };
      await repo.remove(id);
      const kept = attempts.length - 1;
      const oldestCounted = attempts[Math.max(0, kept - MAX_ATTEMPTS)]!;
      return { allowed: false, retryAfterMs: Math.max(1000, oldestCounted.getTime() + WINDOW_MS - t) };
    },
    async succeed(key: string): Promise<void> {
      await repo.clear(key);
    },
  };
}
export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
