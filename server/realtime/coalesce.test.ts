import { describe, expect, it } from "vitest";
import { fakeServerClock } from "../clock";
import { createCoalescer } from "./coalesce";

describe("createCoalescer", () => {
  it("sends the latest value per key at most once per interval", () => {
    const clock = fakeServerClock();
    const sent: number[][] = [];
    const c = createCoalescer<number>(clock, 250, (items) => sent.push(items));
    c.put("a", 1);
    c.put("a", 2);
    c.put("b", 3);
    clock.advance(249);
    expect(sent).toEqual([]);
    clock.advance(1);
    expect(sent).toEqual([[2, 3]]);
    clock.advance(1000); // nothing pending: nothing sent
    expect(sent).toHaveLength(1);
    c.put("a", 4);
    clock.advance(250);
    expect(sent).toEqual([[2, 3], [4]]);
  });

  it("sends nothing after stop", () => {
    const clock = fakeServerClock();
    const sent: number[][] = [];
    const c = createCoalescer<number>(clock, 250, (items) => sent.push(items));
    c.put("a", 1);
    c.stop();
    clock.advance(1000);
    expect(sent).toEqual([]);
  });
});
