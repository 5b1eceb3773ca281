// Cached label children of prom-client metrics: the request path does no label hashing.
import client from "prom-client";

/** A two-label counter's children, cached in nested maps: no key string or label object per increment. */
export function twoLabelChildren<L extends string>(
  counter: client.Counter<L>,
): (a: string, b: string) => client.Counter.Internal {
  const byFirst = new Map<string, Map<string, client.Counter.Internal>>();
  return (a, b) => {
    let bySecond = byFirst.get(a);
    if (!bySecond) byFirst.set(a, (bySecond = new Map()));
    let c = bySecond.get(b);
    if (!c) bySecond.set(b, (c = counter.labels(a, b)));
    return c;
  };
}

/** A counter with two labels, registered in `registry`, as its cached children. */
export function twoLabelCounter(
  registry: client.Registry,
  name: string,
  help: string,
  labelNames: [string, string],
) {
  return twoLabelChildren(new client.Counter({ name, help, labelNames, registers: [registry] }));
}
