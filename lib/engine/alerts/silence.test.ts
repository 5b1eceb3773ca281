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
