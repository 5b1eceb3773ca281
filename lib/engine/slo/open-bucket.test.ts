// The trackers count the current bucket's events in an open bucket and add them to their rings
// only when a read or another bucket needs it. Whatever the order of events and reads, every read
// must give what it gives when the rings are updated at each event (a read after every event).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FakeClock } from "../fake-clock";
import { sloDefinitionSchema } from "./options";
import { createSloTracker } from "./slo-tracker";
import { UpstreamBurn } from "./upstream-burn";

/** Midnight UTC: aligned to every bucket width. */
const T0 = 1_699_920_000_000;
const HOUR = { name: "p", service: "s", sli: { type: "availability" as const }, objective: 99, windowSeconds: 3_600 };

type Op =
  | { op: "record"; dtMs: number; good: number; total: number }
  | { op: "drain"; closedOnly: boolean }
  | { op: "import"; ageMs: number; replace: boolean; good: number; total: number }
  | { op: "status" };

const ops: fc.Arbitrary<Op[]> = fc.array(
  fc.oneof(
    { weight: 8, arbitrary: fc.record({ op: fc.constant("record" as const), dtMs: fc.oneof(fc.integer({ min: -12_000, max: 4_000 }), fc.integer({ min: -5_000_000, max: 5_000_000 })), good: fc.integer({ min: 0, max: 3 }), total: fc.integer({ min: 3, max: 4 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("drain" as const), closedOnly: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("import" as const), ageMs: fc.integer({ min: 0, max: 4_000_000 }), replace: fc.boolean(), good: fc.integer({ min: 0, max: 2 }), total: fc.integer({ min: 2, max: 3 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("status" as const) }) },
  ),
  { maxLength: 80 },
);

describe("open bucket: counting the current bucket without a ring update per event", () => {
  it("SloTracker: records, drains, imports, snapshots and statuses are the same as with a read after every event", () => {
    fc.assert(
      fc.property(ops, (steps) => {
        const clock = new FakeClock(T0 + 1_234);
        const lazy = createSloTracker(HOUR, { clock });
        const eager = createSloTracker(HOUR, { clock });
        let at = T0 + 1_234;
        for (const s of steps) {
          if (s.op === "record") {
            at = Math.max(0, at + s.dtMs); // time may step back, into buckets that are gone
            clock.advance(Math.max(0, at - clock.now()));
            const held = lazy.recordCounts(s.good, s.total, at);
            expect(eager.recordCounts(s.good, s.total, at)).toBe(held);
            void eager.dirtyCount; // a read: the event is in the rings now
          } else if (s.op === "drain") {
            const o = s.closedOnly ? { before: clock.now() } : {};
            expect(lazy.drainDirty(o)).toEqual(eager.drainDirty(o));
          } else if (s.op === "import") {
            const row = { resolution: "10s" as const, start: Math.floor((clock.now() - s.ageMs) / 10_000) * 10_000, good: s.good, total: s.total };
            const coarse = { ...row, resolution: "1m" as const, start: Math.floor(row.start / 60_000) * 60_000 };
            const mode = s.replace ? "replace" : "add";
            expect(lazy.importBuckets([row, coarse], mode)).toBe(eager.importBuckets([row, coarse], mode));
          } else {
            expect(lazy.status(clock.now())).toEqual(eager.status(clock.now()));
          }
        }
        expect(lazy.dirtyCount).toBe(eager.dirtyCount);
        expect(lazy.exportBuckets()).toEqual(eager.exportBuckets());
        expect(lazy.toJSON()).toEqual(eager.toJSON());
        expect(lazy.drainDirty()).toEqual(eager.drainDirty());
        expect(lazy.status(clock.now())).toEqual(eager.status(clock.now()));
      }),
      { numRuns: 300 },
    );
  });

  it("SloTracker: events too old for the rings are refused and not counted, also after the first one in their bucket", () => {
    const clock = new FakeClock(T0);
    const t = createSloTracker(HOUR, { clock });
    expect(t.recordCounts(1, 1, T0)).toBe(true);
    const old = T0 - 2 * 3_600_000; // older than both rings (1 h window)
    expect(t.recordCounts(0, 1, old)).toBe(false);
    expect(t.recordCounts(0, 1, old + 1)).toBe(false); // the same (open) bucket: still refused
    expect(t.recordCounts(1, 1, T0 + 5)).toBe(true);
    expect(t.status(T0 + 10).events).toEqual({ good: 2, total: 2 });
    expect(t.drainDirty().map((r) => [r.resolution, r.start - T0, r.good, r.total])).toEqual([
      ["10s", 0, 2, 2],
      ["1m", 0, 2, 2],
    ]);
  });

  it("SloTracker: a bucket's events are written (drained) once it has closed, all of them, then nothing twice", () => {
    const clock = new FakeClock(T0);
    const t = createSloTracker(HOUR, { clock });
    for (let i = 0; i < 1_000; i++) t.recordCounts(i % 10 === 0 ? 0 : 1, 1, T0 + i * 9); // 0 … 8.991 s: one bucket
    expect(t.drainDirty({ before: T0 + 9_999 })).toEqual([]); // still open
    t.recordCounts(1, 1, T0 + 10_000); // the next bucket opens
    expect(t.drainDirty({ before: T0 + 10_000 })).toEqual([{ resolution: "10s", start: T0, good: 900, total: 1_000 }]);
    t.recordCounts(0, 1, T0 + 59_999); // the minute's last 10-s bucket
    expect(t.drainDirty({ before: T0 + 60_000 })).toEqual([
      { resolution: "10s", start: T0 + 10_000, good: 1, total: 1 },
      { resolution: "10s", start: T0 + 50_000, good: 0, total: 1 },
      { resolution: "1m", start: T0, good: 901, total: 1_002 },
    ]);
    expect(t.drainDirty()).toEqual([]);
  });

  it("UpstreamBurn: the rates are the same as with a read after every event", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ dtMs: fc.integer({ min: -15_000, max: 40_000 }), good: fc.boolean(), read: fc.boolean() }), { maxLength: 120 }), (steps) => {
        const def = sloDefinitionSchema.parse(HOUR);
        const lazy = new UpstreamBurn(def);
        const eager = new UpstreamBurn(def);
        let at = T0;
        for (const s of steps) {
          at = Math.max(0, at + s.dtMs);
          lazy.record(s.good, at);
          eager.record(s.good, at);
          const eagerRates = eager.rates(at);
          if (s.read) expect(lazy.rates(at)).toEqual(eagerRates);
        }
        expect(lazy.rates(at + 1)).toEqual(eager.rates(at + 1));
      }),
      { numRuns: 300 },
    );
  });
});
