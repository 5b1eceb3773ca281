// The request path's counter children: what a scrape shows is what prom-client's own children
// would have shown (sums, series order, the checks on the increment, reset).
import client from "prom-client";
import { describe, expect, it } from "vitest";
import { twoLabelCounter } from "./metrics-children";

function setup() {
  const registry = new client.Registry();
  const child = twoLabelCounter(registry, "test_calls_total", "calls", ["service", "kind"]);
  const series = async () => (await registry.metrics()).split("\n").filter((l) => l.startsWith("test_calls_total{"));
  return { registry, child, series };
}

describe("twoLabelCounter", () => {
  it("a scrape shows every increment made before it, by label pair, in first-increment order", async () => {
    const { child, series } = setup();
    expect(await series()).toEqual([]);
    child("a", "ok").inc();
    child("b", "ok").inc();
    child("a", "ok").inc();
    child("a", "failed").inc(3);
    child("b", "never"); // a child that never counted is not a series
    expect(await series()).toEqual([
      'test_calls_total{service="a",kind="ok"} 2',
      'test_calls_total{service="b",kind="ok"} 1',
      'test_calls_total{service="a",kind="failed"} 3',
    ]);
    // counted once: a second scrape without increments shows the same sums
    expect(await series()).toEqual([
      'test_calls_total{service="a",kind="ok"} 2',
      'test_calls_total{service="b",kind="ok"} 1',
      'test_calls_total{service="a",kind="failed"} 3',
    ]);
    child("b", "ok").inc();
    child("c", "ok").inc();
    expect(await series()).toEqual([
      'test_calls_total{service="a",kind="ok"} 2',
      'test_calls_total{service="b",kind="ok"} 2',
      'test_calls_total{service="a",kind="failed"} 3',
      'test_calls_total{service="c",kind="ok"} 1',
    ]);
  });

  it("reading the counter directly (get) includes the pending increments", async () => {
    const { registry, child } = setup();
    child("a", "ok").inc(2);
    const metric = registry.getSingleMetric("test_calls_total") as client.Counter;
    expect((await metric.get()).values).toEqual([{ value: 2, labels: { service: "a", kind: "ok" } }]);
  });

  it("refuses a negative or non-finite increment at the call, as prom-client does", async () => {
    const { child, series } = setup();
    expect(() => child("a", "ok").inc(-1)).toThrow("It is not possible to decrease a counter");
    expect(() => child("a", "ok").inc(Infinity)).toThrow(TypeError);
    expect(await series()).toEqual([]);
    child("a", "ok").inc(0); // a series from its first increment, even by 0
    expect(await series()).toEqual(['test_calls_total{service="a",kind="ok"} 0']);
  });

  it("a registry reset drops increments not yet scraped as well", async () => {
    const { registry, child, series } = setup();
    child("a", "ok").inc();
    expect(await series()).toEqual(['test_calls_total{service="a",kind="ok"} 1']);
    child("a", "ok").inc();
    registry.resetMetrics();
    expect(await series()).toEqual([]);
    child("a", "ok").inc();
    expect(await series()).toEqual(['test_calls_total{service="a",kind="ok"} 1']);
  });
});
