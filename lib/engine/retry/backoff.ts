import type { Jitter } from "./options";

export interface BackoffOptions {
  initialDelayMs: number;
  maxDelayMs: number;
  multiplier: number;
  jitter: Jitter;
}

/** A source of numbers in [0, 1), like Math.random. Injected so tests are deterministic. */
export type RandomSource = () => number;

/**
 * Delay before retry number `retry` (1 = the first retry). `previousDelayMs` is the last delay
 * used (for decorrelated jitter). The result is always within [0, maxDelayMs], whatever the
 * random source returns.
 */
export function backoffDelay(retry: number, previousDelayMs: number, o: BackoffOptions, random: RandomSource): number {
  const cap = finiteOr(o.maxDelayMs, 0);
  const initial = finiteOr(o.initialDelayMs, 0);
  // 0 × Infinity is NaN: a zero base stays zero however large the growth; an overflow is the cap
  const growth = initial === 0 ? 0 : initial * Math.pow(o.multiplier, Math.max(0, retry - 1));
  const exp = Number.isNaN(growth) ? cap : Math.min(cap, growth);
  const r = unit(random());
  let delay: number;
  switch (o.jitter) {
    case "none":
      delay = exp;
      break;
    case "full":
      delay = r * exp;
      break;
    case "equal":
      delay = exp / 2 + (r * exp) / 2;
      break;
    case "decorrelated": {
      // AWS "decorrelated jitter": between the base delay and three times the previous one
      const low = Math.min(initial, cap);
      const high = Math.max(low, (previousDelayMs > 0 ? previousDelayMs : low) * 3);
      delay = low + r * (high - low);
      break;
    }
  }
  return clamp(finiteOr(Math.round(delay), cap), 0, cap);
}

function finiteOr(x: number, fallback: number): number {
  return Number.isFinite(x) ? x : fallback;
}

function unit(x: number): number {
  return Number.isFinite(x) ? clamp(x, 0, 1) : 0;
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
