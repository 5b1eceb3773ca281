// At most MAX_ATTEMPTS sign-in attempts per username+IP are evaluated in a WINDOW_MS window (which
// begins at the first attempt); further attempts are refused with 429 until the window ends. A
// successful sign-in clears the key.
//
// The attempt is counted before the password is checked, by one atomic database upsert that
// returns the new count: concurrent attempts, on one instance or many sharing the database, each
// get a distinct number, and only numbers 1..MAX_ATTEMPTS are evaluated.
import type { LoginAttemptsRepo } from "../persistence/repos/login-attempts";

export const MAX_ATTEMPTS = 5;
export const WINDOW_MS = 15 * 60_000;

export function throttleKey(username: string, ip: string): string {
  return `${username.toLowerCase()}|${ip}`;
}

export type Admission = { allowed: true } | { allowed: false; retryAfterMs: number };

export function createLoginThrottle(repo: LoginAttemptsRepo, now: () => number) {
  return {
    /** Counts an attempt; tells whether it may be evaluated, or how long to wait. */
    async admit(key: string): Promise<Admission> {
      const t = now();
      const { count, windowStart } = await repo.increment(key, t, t - WINDOW_MS);
      if (count <= MAX_ATTEMPTS) return { allowed: true };
      // a concurrent attempt that read the clock after this one can have opened the window: never
      // ask for longer than a whole window
      return { allowed: false, retryAfterMs: Math.min(WINDOW_MS, Math.max(1000, windowStart + WINDOW_MS - t)) };
    },
    async succeed(key: string): Promise<void> {
      await repo.clear(key);
    },
  };
}
export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
