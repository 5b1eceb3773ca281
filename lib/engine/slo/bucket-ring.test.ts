import { describe, expect, it } from "vitest";
import { BucketRing } from "./bucket-ring";

describe("BucketRing", () => {
  it("keeps the last `size` buckets and clears slots as it moves forward", () => {
    const r = new BucketRing(10, 3);
    r.add(0, 1, 1);
    r.add(1, 0, 2);
    r.add(2, 3, 3);
    expect(r.sum(2, 3)).toEqual({ good: 4, total: 6 });
    r.add(3, 1, 1); // drops bucket 0
    expect(r.sum(3, 3)).toEqual({ good: 4, total: 6 });
    expect(r.holds(0)).toBe(false);
    expect(r.add(0, 1, 1)).toBe(false); // too old
    expect(r.add(2, 1, 1)).toBe(true); // late but held
    expect(r.total(2)).toBe(4);
    r.add(100, 1, 1); // a jump beyond the ring clears everything
    expect(r.sum(100, 3)).toEqual({ good: 1, total: 1 });
  });

  it("reads relative to the caller's bucket without moving", () => {
    const r = new BucketRing(10, 5);
    r.add(10, 1, 2);
    expect(r.sum(12, 2)).toEqual({ good: 0, total: 0 }); // buckets 11..12
    expect(r.sum(12, 3)).toEqual({ good: 1, total: 2 }); // buckets 10..12
    expect(r.sum(9, 5)).toEqual({ good: 0, total: 0 }); // before anything was held
    expect(r.byteLength).toBe(40);
  });

  it("never reads negative bucket numbers", () => {
    const r = new BucketRing(10, 10);
    r.add(2, 1, 1);
    expect(r.sum(2, 10)).toEqual({ good: 1, total: 1 });
    expect(r.good(-3)).toBe(0);
    expect(r.add(-1, 1, 1)).toBe(false);
  });
});
