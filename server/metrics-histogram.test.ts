// The request path's histogram: a scrape shows what prom-client's own Histogram shows for the same
// observations (series, order, buckets, sum, count), and it refuses what prom-client refuses.
import client from "prom-client";
import { describe, expect, it } from "vitest";
import { twoLabelHistogram } from "./metrics-histogram";

const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function pair() {
  const ours = new client.Registry();
  const theirs = new client.Registry();
  const child = twoLabelHistogram(ours, "t_duration_seconds", "durations", ["service", "code"], BUCKETS);
  const reference = new client.Histogram({ name: "t_duration_seconds", help: "durations", labelNames: ["service", "code"], buckets: BUCKETS, registers: [theirs] });
  const observe = (service: string, code: string, v: number) => {
    child(service, code).observe(v);
    reference.labels(service, code).observe(v);
  };
  return { ours, theirs, child, observe };
}

describe("twoLabelHistogram", () => {
  it("a scrape is line for line what prom-client's Histogram gives for the same observations", async () => {
    const { ours, theirs, child, observe } = pair();
    expect(await ours.metrics()).toBe(await theirs.metrics());
    child("never", "200"); // a child with no observation is not a series
    const values = [0, 0.0004, 0.001, 0.003, 0.0123, 0.26, 0.5, 3, 10, 11, 250];
    for (const [i, v] of values.entries()) observe(i % 3 === 0 ? "b" : "a", i % 2 ? "200" : "503", v);
    const text = await ours.metrics();
    expect(text).toBe(await theirs.metrics());
    expect(text).toContain('t_duration_seconds_bucket{le="0.001",service="b",code="503"} 1');
    expect(text).toContain('t_duration_seconds_count{service="a",code="200"} 3');
    // the same through get() (label objects merged as prom-client merges them)
    const get = async (r: client.Registry) => (r.getSingleMetric("t_duration_seconds") as client.Histogram).get();
    expect(await get(ours)).toEqual(await get(theirs));
  });

  it("keeps counting between scrapes and lists series in first-observation order", async () => {
    const { ours, theirs, observe } = pair();
    observe("z", "200", 0.02);
    await ours.metrics();
    observe("a", "200", 0.2);
    observe("z", "200", 2);
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect((await ours.metrics()).indexOf('service="z"')).toBeLessThan((await ours.metrics()).indexOf('service="a"'));
  });

  it("refuses a non-finite value at the call, as prom-client does, and counts nothing", async () => {
    const { ours, child } = pair();
    expect(() => child("a", "200").observe(Number.NaN)).toThrow(TypeError);
    expect(() => child("a", "200").observe(Infinity)).toThrow("Value is not a valid number");
    expect(await ours.metrics()).not.toContain("t_duration_seconds_count");
  });

  it("a registry reset forgets every observation; series come back in their new order", async () => {
    const { ours, theirs, observe } = pair();
    observe("a", "200", 0.1);
    observe("b", "200", 0.1);
    ours.resetMetrics();
    theirs.resetMetrics();
    expect(await ours.metrics()).toBe(await theirs.metrics());
    observe("b", "200", 0.3);
    observe("a", "200", 0.003);
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.metrics()).toContain('t_duration_seconds_count{service="a",code="200"} 1');
  });
});
