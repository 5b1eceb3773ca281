import { z } from "zod";
import { WindowTotals } from "./totals";

export const countWindowSnapshotSchema = z.object({
  type: z.literal("count"),
  size: z.number().int().min(1),
  /** Next slot to write. */
  pos: z.number().int().min(0),
  /** Slots filled so far (≤ size). */
  calls: z.number().int().min(0),
  /** Bit i set = slot i failed. */
  failureBits: z.array(z.number().int().min(0)),
  /** Bit i set = slot i was slow. */
  slowBits: z.array(z.number().int().min(0)),
});
export type CountWindowSnapshot = z.output<typeof countWindowSnapshotSchema>;

/**
 * The last `size` outcomes in a ring of bits: one Uint32Array holds the failure bits followed by
 * the slow bits, so a 100-call window costs 32 bytes of data.
 */
export class CountWindow extends WindowTotals {
  private pos = 0;
  private readonly words: number;
  private readonly bits: Uint32Array;

  constructor(readonly size: number) {
    super();
    this.words = (size + 31) >>> 5;
    this.bits = new Uint32Array(this.words * 2);
  }

  get capacity(): number {
    return this.size;
  }

  record(failed: boolean, slow: boolean): void {
    const i = this.pos;
    const w = i >>> 5;
    const mask = 1 << (i & 31);
    const bits = this.bits;
    const sw = w + this.words;
    const oldFail = (bits[w] as number) & mask;
    const oldSlow = (bits[sw] as number) & mask;
    if (this.calls === this.size) {
      if (oldFail !== 0) this.failures--;
      if (oldSlow !== 0) this.slow--;
    } else {
      this.calls++;
    }
    if (failed) {
      bits[w] = (bits[w] as number) | mask;
      this.failures++;
    } else if (oldFail !== 0) {
      bits[w] = (bits[w] as number) & ~mask;
    }
    if (slow) {
      bits[sw] = (bits[sw] as number) | mask;
      this.slow++;
    } else if (oldSlow !== 0) {
      bits[sw] = (bits[sw] as number) & ~mask;
    }
    this.pos = i + 1 === this.size ? 0 : i + 1;
  }

  advance(): void {}

  clear(): void {
    this.bits.fill(0);
    this.resetTotals();
    this.pos = 0;
  }

  toJSON(): CountWindowSnapshot {
    return {
      type: "count",
      size: this.size,
      pos: this.pos,
      calls: this.calls,
      failureBits: Array.from(this.bits.subarray(0, this.words)),
      slowBits: Array.from(this.bits.subarray(this.words)),
    };
  }

  restore(s: CountWindowSnapshot): void {
    if (s.failureBits.length !== this.words || s.slowBits.length !== this.words) return;
    if (s.pos >= this.size || s.calls > this.size) return;
    this.clear();
    this.bits.set(s.failureBits.map((x) => x >>> 0), 0);
    this.bits.set(s.slowBits.map((x) => x >>> 0), this.words);
    // keep only the bits of filled slots so that counts and bits agree
    for (let i = s.calls; i < this.size && s.calls < this.size; i++) {
      const mask = ~(1 << (i & 31));
      const w = i >>> 5;
      this.bits[w] = (this.bits[w] as number) & mask;
      this.bits[w + this.words] = (this.bits[w + this.words] as number) & mask;
    }
    this.calls = s.calls;
    this.pos = s.pos;
    for (let i = 0; i < this.words; i++) {
      this.failures += popcount(this.bits[i] as number);
      this.slow += popcount(this.bits[i + this.words] as number);
    }
  }
}

function popcount(x: number): number {
  let v = x >>> 0;
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
