// The gateway's interval counters (one 10-second sample interval per service): fed by the
// breakers' calls and refusals and by each service pipeline's bulkhead refusals (which also feed
// the metrics), peaks tracked by the sweeper, taken and reset by the history sampler.
import type { Metrics } from "../metrics";
import type { BreakerRegistry } from "../breakers/registry";
import type { ServiceGateway } from "./service-gateway";

/** Counters for one 10-second sample interval. */
export interface IntervalCounters {
  successful: number;
  failed: number;
  slow: number;
  rejected: number;
  /** Refused by the service bulkhead (full or queue timeout). */
  bulkheadRejected: number;
  /** Refused by the per-user bulkhead. */
  userRejected: number;
  maxActive: number;
  maxQueued: number;
}
const emptyCounters = (): IntervalCounters => ({ successful: 0, failed: 0, slow: 0, rejected: 0, bulkheadRejected: 0, userRejected: 0, maxActive: 0, maxQueued: 0 });

export function createIntervalCounters(breakers: BreakerRegistry, metrics: Metrics) {
  const counters = new Map<string, IntervalCounters>();
  const detach = new Map<string, (() => void)[]>();
  const countersOf = (name: string) => {
    let c = counters.get(name);
    if (!c) counters.set(name, (c = emptyCounters()));
    return c;
  };

  // the breakers' calls and refusals feed the interval counters and the metrics
  breakers.on("callRecorded", (e) => {
    const c = countersOf(e.name);
    if (e.failed) {
      c.failed++;
      metrics.call(e.name, "failed");
    } else {
      c.successful++;
      metrics.call(e.name, "successful");
    }
    if (e.slow) {
      c.slow++;
      metrics.call(e.name, "slow");
    }
  });
  breakers.on("rejected", (e) => {
    countersOf(e.name).rejected++;
    metrics.call(e.name, "not_permitted");
  });

  return {
    /** A service's pipeline was built (it is rebuilt on every edit): listen to its refusals again. */
    attach(sg: ServiceGateway): void {
      const name = sg.service.name;
      const c = countersOf(name);
      for (const off of detach.get(name) ?? []) off();
      detach.set(name, [
        sg.pipeline.on("reject", (e) => {
          if (e.code === "bulkhead_full" || e.code === "bulkhead_timeout" || e.code === "user_bulkhead_full") {
            if (e.code === "user_bulkhead_full") c.userRejected++;
            else c.bulkheadRejected++;
            metrics.bulkheadRejected(name, e.code);
          }
        }),
      ]);
    },
    /** A service was removed: stop listening, drop its counters. */
    forget(name: string): void {
      for (const off of detach.get(name) ?? []) off();
      detach.delete(name);
      counters.delete(name);
    },
    /** The sweeper: tracks each service's bulkhead peaks. */
    trackPeaks(services: Map<string, ServiceGateway>): void {
      for (const [name, sg] of services) {
        const s = sg.bulkhead.stats();
        const c = countersOf(name);
        if (s.active > c.maxActive) c.maxActive = s.active;
        if (s.queued > c.maxQueued) c.maxQueued = s.queued;
      }
    },
    /** Takes and resets the interval counters of every service. */
    take(names: Iterable<string>): Map<string, IntervalCounters> {
      const out = new Map<string, IntervalCounters>();
      for (const name of names) {
        const c = countersOf(name);
        out.set(name, { ...c });
        Object.assign(c, emptyCounters()); // listeners hold this object: reset it in place
      }
      return out;
    },
  };
}
