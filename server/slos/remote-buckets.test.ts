import { describe, expect, it } from "vitest";
import { createRemoteBuckets, REMOTE_LOOKBACK_MS } from "./remote-buckets";

const now = 1_700_000_000_000;
const row = (instance: string, start: number, good: number, total: number, sloId = "s1") => ({ sloId, instance, resolution: "10s", start: new Date(start), good, total });

describe("remote buckets (cluster sums)", () => {
  it("adds only what other instances counted since the last look", () => {
    const r = createRemoteBuckets("me");
    // the tracker was loaded from these rows: they are held already
    r.reset("s1", [row("other", now - 20_000, 5, 6), row("me", now - 20_000, 1, 1)], now);
    let inc = r.absorb([row("other", now - 20_000, 5, 6), row("me", now - 10_000, 9, 9)], now);
    expect(inc.size).toBe(0);
    inc = r.absorb([row("other", now - 20_000, 7, 9), row("other", now - 10_000, 2, 2), row("third", now - 10_000, 0, 4), row("x", now, 1, 1, "unknown-slo")], now + 10_000);
    expect(inc.get("s1")).toEqual([
      { resolution: "10s", start: now - 20_000, good: 2, total: 3 },
      { resolution: "10s", start: now - 10_000, good: 2, total: 2 },
      { resolution: "10s", start: now - 10_000, good: 0, total: 4 },
    ]);
    expect(inc.has("unknown-slo")).toBe(false);
  });

  it("forgets rows that left the lookback, and SLOs that were removed", () => {
    const r = createRemoteBuckets("me");
    r.reset("s1", [], now);
    r.absorb([row("other", now, 1, 1)], now);
    // long after: the same (final) row is read again only if it is re-sent; an old row is not re-added
    const later = now + REMOTE_LOOKBACK_MS + 60_000;
    expect(r.absorb([], later).size).toBe(0);
    r.forget("s1");
    expect(r.absorb([row("other", later, 1, 1)], later).size).toBe(0);
  });
});
