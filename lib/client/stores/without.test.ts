import { describe, expect, it } from "vitest";
import { without } from "./without";

describe("without", () => {
  it("copies the named maps without the key and leaves the state untouched", () => {
    const state = { live: { a: 1, b: 2 }, points: { a: [1], c: [3] }, other: { a: true } };
    const next = without(state, "a", ["live", "points"]);
    expect(next).toEqual({ live: { b: 2 }, points: { c: [3] } });
    expect(state.live).toEqual({ a: 1, b: 2 });
    expect(state.points).toEqual({ a: [1], c: [3] });
  });
});
