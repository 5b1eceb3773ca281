import { describe, expect, it } from "vitest";
import { FakeClock } from "@/lib/engine/fake-clock";
import { createTrafficStats } from "../traffic/traffic-stats";
import { recentSlotAnswers, summarize, sumSlotAnswers } from "../traffic/answers";
import { ANSWERS_ASKED_MS, ANSWERS_RESHARE_MS, createAnswerFigures, parseSharedAnswers } from "./answer-figures";

const start = 1_700_000_000_000; // a 10-s boundary

describe("answers per slot, as the cluster shares them", () => {
  it("sum to what the instance's own traffic figures say for the same window", () => {
    const clock = new FakeClock(start);
    const t = createTrafficStats(clock);
    const answer = (n: number, outcome: Parameters<typeof t.record>[2]) => {
      for (let i = 0; i < n; i++) t.record("pay", true, outcome, 0.01);
    };
    answer(7, "success");
    clock.advance(10_000);
    answer(3, "upstream_error");
    answer(2, "circuit_open");
    answer(4, "client_closed"); // no answer: never counted
    clock.advance(15_000);
    answer(5, "success");
    answer(1, "timeout");
    const slots = recentSlotAnswers(t, "pay", clock.now());
    expect(slots).toEqual([
      [start / 10_000, 7, 0],
      [start / 10_000 + 1, 5, 5],
      [start / 10_000 + 2, 6, 1],
    ]);
    // a window starting in the middle of the second slot covers it whole, as slotOutcomes does
    for (const from of [start, start + 12_000, start + 20_000, start + 25_000]) {
      const local = summarize(t.slotOutcomes("pay", from, clock.now() + 1));
      expect(sumSlotAnswers([slots], from, clock.now() + 1)).toEqual({ answered: local.requests, failed: local.errors + local.rejected });
    }
    expect(recentSlotAnswers(t, "unknown", clock.now())).toEqual([]);
    // fifteen minutes later the ring has moved on
    expect(recentSlotAnswers(t, "pay", clock.now() + 15 * 60_000)).toEqual([]);
  });
});

describe("the cluster's answer figures", () => {
  it("adds what the other instances shared, never this instance's own field, over the asked window", () => {
    const clock = new FakeClock(start);
    const a = createAnswerFigures("a", clock);
    const b = createAnswerFigures("b", clock);
    const c = createAnswerFigures("c", clock);
    const k = start / 10_000;
    // nothing is known before the first exchange, and only asked services are read
    expect(a.othersIn("pay", start - 30_000, start + 1)).toEqual({ answered: 0, failed: 0 });
    expect(a.asked()).toEqual(["pay"]);
    const fields = {
      a: a.toShare("pay", [[k, 1000, 0]])!, // its own: never added (its local figures are fresher)
      b: b.toShare("pay", [[k - 5, 50, 50], [k - 1, 10, 8], [k, 20, 12]])!,
      c: c.toShare("pay", [[k, 10, 10]])!,
      d: "not ours",
    };
    a.absorb("pay", fields);
    a.absorb("other", fields); // not asked: ignored
    expect(a.othersIn("pay", start - 10_000, start + 1)).toEqual({ answered: 40, failed: 30 });
    expect(a.othersIn("pay", start - 60_000, start + 1)).toEqual({ answered: 90, failed: 80 });
    expect(a.othersIn("other", start - 60_000, start + 1)).toEqual({ answered: 0, failed: 0 });
  });

  it("stops asking about a service ANSWERS_ASKED_MS after the last question and drops what it read", () => {
    const clock = new FakeClock(start);
    const a = createAnswerFigures("a", clock);
    const k = start / 10_000;
    a.othersIn("pay", start, start + 1);
    a.absorb("pay", { b: `{"at":${start},"slots":[[${k},4,4]]}` });
    clock.advance(ANSWERS_ASKED_MS - 1);
    expect(a.asked()).toEqual(["pay"]);
    expect(a.othersIn("pay", start, clock.now() + 1)).toEqual({ answered: 4, failed: 4 }); // asked again: kept
    clock.advance(ANSWERS_ASKED_MS);
    expect(a.asked()).toEqual([]);
    expect(a.othersIn("pay", start, clock.now() + 1)).toEqual({ answered: 0, failed: 0 });
  });

  it("shares only answers that changed, and the same ones again after ANSWERS_RESHARE_MS", () => {
    const clock = new FakeClock(start);
    const b = createAnswerFigures("b", clock);
    const k = start / 10_000;
    expect(b.toShare("pay", [])).toBeUndefined();
    const first = b.toShare("pay", [[k, 1, 0]]);
    expect(parseSharedAnswers(first!)).toEqual([[k, 1, 0]]);
    clock.advance(1_000);
    expect(b.toShare("pay", [[k, 1, 0]])).toBeUndefined();
    expect(parseSharedAnswers(b.toShare("pay", [[k, 2, 1]])!)).toEqual([[k, 2, 1]]);
    clock.advance(ANSWERS_RESHARE_MS - 1);
    expect(b.toShare("pay", [[k, 2, 1]])).toBeUndefined();
    clock.advance(1);
    expect(b.toShare("pay", [[k, 2, 1]])).toBe(`{"at":${clock.now()},"slots":[[${k},2,1]]}`);
    b.forget("pay");
    expect(b.toShare("pay", [[k, 2, 1]])).toBeDefined();
  });

  it("reads nothing from a field that is not a list of [slot, answers, failures]", () => {
    expect(parseSharedAnswers("{")).toBeNull();
    expect(parseSharedAnswers(`{"slots":[[1,2]]}`)).toBeNull();
    expect(parseSharedAnswers(`{"slots":[[1,2,-1]]}`)).toBeNull();
    expect(parseSharedAnswers(`{"slots":[[1,2,"3"]]}`)).toBeNull();
    expect(parseSharedAnswers(`{"slots":[]}`)).toEqual([]);
  });
});
