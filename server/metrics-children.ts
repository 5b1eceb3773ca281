// Label children of prom-client counters for the request path. A prom-client child hashes its label
// object into a key string (and returns a fresh object) on every `inc`; these children only add to
// a number, and the counter takes the sums when it is read (a scrape, `get()`), so /metrics shows
// exactly what it would have shown with every increment applied at once.
import util from "node:util";
import client from "prom-client";

/**
 * Children of a two-label metric by label values, in nested maps: finding one makes no key string
 * or label object. `make` creates a child the first time a pair is asked for.
 */
export class LabelPairCache<C> {
  private readonly byFirst = new Map<string, Map<string, C>>();

  constructor(private readonly make: (a: string, b: string) => C) {}

  get(a: string, b: string): C {
    let bySecond = this.byFirst.get(a);
    if (!bySecond) this.byFirst.set(a, (bySecond = new Map()));
    let c = bySecond.get(b);
    if (c === undefined) bySecond.set(b, (c = this.make(a, b)));
    return c;
  }
}

/** One label pair's increments since the counter was last read. */
class PendingChild implements client.Counter.Internal {
  pending = 0;
  /** Incremented since the last read (by 0 too: prom-client lists a series from its first `inc`). */
  touched = false;
  constructor(
    readonly a: string,
    readonly b: string,
  ) {}

  inc(value?: number): void {
    // prom-client's own checks, at the call (not at the next scrape)
    if (value && !Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${util.format(value)}`);
    if (value !== undefined && value < 0) throw new Error("It is not possible to decrease a counter");
    this.pending += value ?? 1;
    this.touched = true;
  }
}

/** A two-label counter whose children are PendingChild: their sums are added when it is read. */
class DeferredCounter extends client.Counter<string> {
  /** In creation order (the order prom-client would have listed the series in). */
  private readonly children: PendingChild[] = [];
  private readonly cache = new LabelPairCache((a, b) => {
    const c = new PendingChild(a, b);
    this.children.push(c);
    return c;
  });

  constructor(
    registry: client.Registry,
    name: string,
    help: string,
    private readonly names: [string, string],
  ) {
    super({
      name,
      help,
      labelNames: names,
      registers: [registry],
      collect() {
        (this as DeferredCounter).flush();
      },
    });
  }

  child(a: string, b: string): PendingChild {
    return this.cache.get(a, b);
  }

  /** Adds every child's pending increments to the counter. */
  flush(): void {
    const [first, second] = this.names;
    for (const c of this.children) {
      if (!c.touched) continue;
      const n = c.pending;
      c.pending = 0;
      c.touched = false;
      this.inc({ [first]: c.a, [second]: c.b }, n);
    }
  }

  /** A reset drops what has not been added yet, as it drops what has. */
  override reset(): void {
    // the base constructor resets before this class's fields exist
    for (const c of this.children ?? []) {
      c.pending = 0;
      c.touched = false;
    }
    super.reset();
  }
}

/**
 * A counter with two labels, registered in `registry`, as its children by label values (cached in
 * nested maps: no key string or label object per increment).
 */
export function twoLabelCounter(
  registry: client.Registry,
  name: string,
  help: string,
  labelNames: [string, string],
): (a: string, b: string) => client.Counter.Internal {
  const counter = new DeferredCounter(registry, name, help, labelNames);
  return (a, b) => counter.child(a, b);
}
