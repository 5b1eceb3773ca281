import { describe, expect, it } from "vitest";
import { compareValues, sortRows } from "./use-table-sort";

describe("table sorting", () => {
  it("sorts text naturally and numbers numerically", () => {
    expect(sortRows(["svc-10", "svc-2", "Svc-1"], (s) => s, "asc")).toEqual(["Svc-1", "svc-2", "svc-10"]);
    expect(sortRows([10, 9, 100], (n) => n, "desc")).toEqual([100, 10, 9]);
  });
  it("keeps empty values last in both directions and is stable", () => {
    const rows = [{ n: "b", v: null }, { n: "a", v: 2 }, { n: "c", v: 1 }, { n: "d", v: 2 }];
    expect(sortRows(rows, (r) => r.v, "asc").map((r) => r.n)).toEqual(["c", "a", "d", "b"]);
    expect(sortRows(rows, (r) => r.v, "desc").map((r) => r.n)).toEqual(["a", "d", "c", "b"]);
  });
  it("compares booleans and mixed empties", () => {
    expect(compareValues(true, false)).toBeGreaterThan(0);
    expect(compareValues("", "x")).toBeGreaterThan(0);
    expect(compareValues(undefined, null)).toBe(0);
  });
});
