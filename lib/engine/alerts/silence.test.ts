import { describe, expect, it } from "vitest";
import { isSilenced, matchesSilence, silenceMatchersSchema } from "./silence";

const labels = { source: "breaker", breaker: "payments", severity: "critical" };

describe("silences", () => {
  it("match exactly on every matcher label", () => {
    expect(matchesSilence(labels, { breaker: "payments" }, 2000, 1000)).toBe(true);
    expect(matchesSilence(labels, { breaker: "payments", severity: "critical" }, 2000, 1000)).toBe(true);
    expect(matchesSilence(labels, { breaker: "payments", severity: "warning" }, 2000, 1000)).toBe(false);
    expect(matchesSilence(labels, { breaker: "pay" }, 2000, 1000)).toBe(false);
    expect(matchesSilence(labels, { team: "core" }, 2000, 1000)).toBe(false); // missing label is ""
    expect(matchesSilence(labels, { team: "" }, 2000, 1000)).toBe(true);
    expect(matchesSilence(labels, {}, 2000, 1000)).toBe(false); // an empty silence silences nothing
  });

  it("support anchored regexes with a ~ prefix", () => {
    expect(matchesSilence(labels, { breaker: "~pay.*" }, 2000, 1000)).toBe(true);
    expect(matchesSilence(labels, { breaker: "~pay" }, 2000, 1000)).toBe(false); // anchored
    expect(matchesSilence(labels, { breaker: "~payments|orders" }, 2000, 1000)).toBe(true);
    expect(matchesSilence(labels, { breaker: "~(" }, 2000, 1000)).toBe(false); // invalid: never matches
    expect(matchesSilence({ v: "~x" }, { v: "~\\~x" }, 2000, 1000)).toBe(true);
  });

  it("expire at endsAt and start at startsAt", () => {
    expect(matchesSilence(labels, { breaker: "payments" }, 2000, 1999)).toBe(true);
    expect(matchesSilence(labels, { breaker: "payments" }, 2000, 2000)).toBe(false);
    const silences = [
      { matchers: { breaker: "orders" }, endsAt: 5000 },
      { matchers: { breaker: "payments" }, endsAt: 5000, startsAt: 3000 },
    ];
    expect(isSilenced(labels, silences, 2000)).toBe(false);
    expect(isSilenced(labels, silences, 3000)).toBe(true);
    expect(isSilenced(labels, silences, 5000)).toBe(false);
  });

  it("validate matchers", () => {
    expect(silenceMatchersSchema.safeParse({ breaker: "payments" }).success).toBe(true);
    expect(silenceMatchersSchema.safeParse({}).success).toBe(false);
    expect(silenceMatchersSchema.safeParse({ "bad-name": "x" }).success).toBe(false);
    const r = silenceMatchersSchema.safeParse({ breaker: "~(" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(["breaker"]);
  });
});

describe("silences are safe with hostile input", () => {
  it("match a catastrophic pattern against a 10 KB label in linear time (< 10 ms)", () => {
    const matchers = { breaker: "~(.*){18}!" };
    matchesSilence({ breaker: "warm-up" }, matchers, 2000, 1000); // compile once, as a live silence would be
    for (const value of ["a".repeat(10_000), "a".repeat(1024)]) {
      const t0 = performance.now();
      expect(matchesSilence({ breaker: value }, matchers, 2000, 1000)).toBe(false);
      expect(performance.now() - t0).toBeLessThan(10);
    }
    // and the pattern still works as a regex where it can match
    expect(matchesSilence({ breaker: "x!" }, matchers, 2000, 1000)).toBe(true);
  });

  it("never run a regex on a label value above 1 KiB (exact matches still work)", () => {
    const long = "p".repeat(1025);
    expect(matchesSilence({ breaker: long }, { breaker: "~p+" }, 2000, 1000)).toBe(false);
    expect(matchesSilence({ breaker: "p".repeat(1024) }, { breaker: "~p+" }, 2000, 1000)).toBe(true);
    expect(matchesSilence({ breaker: long }, { breaker: long }, 2000, 1000)).toBe(true);
  });

  it("look up own labels only, never prototype names", () => {
    expect(matchesSilence(labels, { toString: "~.+" }, 2000, 1000)).toBe(false);
    expect(matchesSilence(labels, { constructor: "~.+" }, 2000, 1000)).toBe(false);
    expect(matchesSilence(labels, { hasOwnProperty: "~.*function.*" }, 2000, 1000)).toBe(false);
    expect(matchesSilence({ toString: "x" }, { toString: "x" }, 2000, 1000)).toBe(true);
  });

  it("refuse patterns over 1 KiB and non-RE2 syntax, naming the matcher", () => {
    const tooLong = silenceMatchersSchema.safeParse({ breaker: `~${"a".repeat(1024)}` });
    expect(tooLong.success).toBe(false);
    expect(tooLong.error?.issues[0]?.path).toEqual(["breaker"]);
    expect(tooLong.error?.issues[0]?.message).toMatch(/at most 1024/);
    const backref = silenceMatchersSchema.safeParse({ service: "~(a)\\1" });
    expect(backref.success).toBe(false);
    expect(backref.error?.issues[0]?.path).toEqual(["service"]);
    expect(backref.error?.issues[0]?.message).toMatch(/RE2/);
    expect(silenceMatchersSchema.safeParse({ __proto__: "x", ...JSON.parse('{"__proto__":"x"}') }).success).toBe(false);
    expect(silenceMatchersSchema.safeParse(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`l${i}`, "x"]))).success).toBe(false);
  });
});
