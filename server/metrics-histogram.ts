// A two-label histogram for the request path. prom-client's own `observe` converts its arguments
// into a label object and hashes it into a key string on every call, even through a cached child
// (about 2 % of the gateway's CPU per proxied request). Here a child is found once (LabelPairCache,
// shared with the counters) and an observation only adds to its own bucket counts; a scrape
// (`get()`) lists the series exactly as prom-client's Histogram would: first-observation order,
// cumulative buckets, `+Inf`, `_sum`, `_count`.
import util from "node:util";
import client from "prom-client";
import { LabelPairCache } from "./metrics-children";

/** One label pair's observations. */
export class HistogramChild {
  /** Per upper bound (not cumulative); observations above the last bound only count in `count`. */
  readonly counts: number[];
  sum = 0;
  count = 0;

  constructor(
    readonly labels: Readonly<Record<string, string>>,
    private readonly bounds: readonly number[],
    /** The histogram's series list: a child joins it at its first observation (since a reset). */
    private readonly listed: HistogramChild[],
  ) {
    this.counts = bounds.map(() => 0);
  }

  observe(value: number): void {
    // prom-client's check, at the call
    if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${util.format(value)}`);
    if (this.count === 0) this.listed.push(this);
    const bounds = this.bounds;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]!) {
        this.counts[i]!++;
        break;
      }
    }
    this.sum += value;
    this.count++;
  }
}

type ExportValue = { labels: Record<string, string | number>; sharedLabels: Record<string, string>; value: number; metricName: string; exemplar?: null };
interface Exported {
  name: string;
  help: string;
  type: "histogram";
  values: ExportValue[];
  aggregator: client.Aggregator;
}

/** prom-client's Histogram, its series kept in HistogramChild counters (its own store stays empty). */
class CountingHistogram extends client.Histogram<string> {
  /** Observed series in first-observation order (since the last reset), as prom-client lists them. */
  private readonly listed: HistogramChild[] = [];
  private readonly sortedBounds: number[];
  private readonly cache = new LabelPairCache((a, b) => new HistogramChild({ [this.names[0]]: a, [this.names[1]]: b }, this.sortedBounds, this.listed));

  constructor(
    registry: client.Registry,
    private readonly metricName: string,
    private readonly helpText: string,
    private readonly names: [string, string],
    buckets: number[],
  ) {
    super({ name: metricName, help: helpText, labelNames: names, buckets, registers: [registry] });
    this.sortedBounds = [...buckets].sort((a, b) => a - b);
  }

  child(a: string, b: string): HistogramChild {
    return this.cache.get(a, b);
  }

  /** The series in prom-client's export shape (what `get()` and the registry's text read). */
  async getForPromString(): Promise<Exported> {
    const name = this.metricName;
    const values: ExportValue[] = [];
    for (const c of this.listed) {
      let acc = 0;
      for (let i = 0; i < this.sortedBounds.length; i++) {
        acc += c.counts[i]!;
        values.push({ labels: { le: this.sortedBounds[i]! }, sharedLabels: { ...c.labels }, value: acc, metricName: `${name}_bucket`, exemplar: null });
      }
      values.push({ labels: { le: "+Inf" }, sharedLabels: { ...c.labels }, value: c.count, metricName: `${name}_bucket`, exemplar: null });
      values.push({ labels: {}, sharedLabels: { ...c.labels }, value: c.sum, metricName: `${name}_sum` });
      values.push({ labels: {}, sharedLabels: { ...c.labels }, value: c.count, metricName: `${name}_count` });
    }
    return { name, help: this.helpText, type: "histogram", values, aggregator: "sum" };
  }

  /** A reset forgets every observation (a child starts again from zero). */
  override reset(): void {
    // the base constructor resets before this class's fields exist
    for (const c of this.listed ?? []) {
      c.counts.fill(0);
      c.sum = 0;
      c.count = 0;
    }
    if (this.listed) this.listed.length = 0;
    super.reset();
  }
}

/**
 * A histogram with two labels, registered in `registry`, as its children by label values (cached in
 * nested maps: no key string or label object per observation).
 */
export function twoLabelHistogram(
  registry: client.Registry,
  name: string,
  help: string,
  labelNames: [string, string],
  buckets: number[],
): (a: string, b: string) => HistogramChild {
  const histogram = new CountingHistogram(registry, name, help, labelNames, buckets);
  return (a, b) => histogram.child(a, b);
}
