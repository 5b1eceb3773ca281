// Test support: a reproducible uniform random source (fast-check's generator, fixed seed, no bias).
import fc from "fast-check";
import type { RandomSource } from "./types";

export function seededRandom(seed: number, count = 50_000): RandomSource {
  const values = fc.sample(fc.noBias(fc.integer({ min: 0, max: 2 ** 32 - 1 })), { seed, numRuns: count }).map((x) => x / 2 ** 32);
  let i = 0;
  return () => {
    const v = values[i++];
    if (v === undefined) throw new Error(`seededRandom: more than ${count} draws`);
    return v;
  };
}

/** A random source that fails the test if it is ever called. */
export const noDraws: RandomSource = () => {
  throw new Error("no random draw expected");
};
