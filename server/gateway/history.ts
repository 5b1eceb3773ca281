// Connects the gateway's engine events to history: every transition is queued (never dropped)
// with the breaker's snapshot, and every 10 s the interval counters become chart samples.
import type { BreakerStateChangeEvent } from "@/lib/engine/breaker/types";
import type { WriteBehind } from "../persistence/write-behind";
import type { Gateway, IntervalCounters } from "./gateway";
import type { ServiceGateway } from "./service-gateway";

export const SAMPLE_INTERVAL_MS = 10_000;

export function snapshotRow(sg: ServiceGateway) {
  const snap = sg.breaker.toJSON();
  return { name: sg.service.name, state: snap.state, snapshot: JSON.stringify(snap), updatedAt: new Date(snap.updatedAt) };
}

export function recordTransition(wb: WriteBehind, gateway: Gateway, e: BreakerStateChangeEvent): void {
  wb.transition({
    name: e.name,
    from: e.from,
    to: e.to,
    reason: e.reason,
    actor: e.actor ?? null,
    at: new Date(e.at),
    detail: e.override ? JSON.stringify({ override: e.override }) : e.halfOpenAt ? JSON.stringify({ halfOpenAt: e.halfOpenAt }) : null,
  });
  const sg = gateway.get(e.name);
  if (sg) wb.urgentSnapshot(snapshotRow(sg));
}

/** Turns the interval counters into samples; snapshots breakers that saw traffic. */
export function takeSamples(wb: WriteBehind, gateway: Gateway, intervalStart: Date): Map<string, IntervalCounters> {
  const all = gateway.takeCounters();
  for (const [name, c] of all) {
    const sg = gateway.get(name);
    if (!sg) continue;
    const b = sg.bulkhead.stats();
    wb.breakerSample({ name, at: intervalStart, state: sg.breaker.state, successful: c.successful, failed: c.failed, slow: c.slow, rejected: c.rejected });
    wb.bulkheadSample({
      service: name,
      at: intervalStart,
      maxActive: Math.max(c.maxActive, b.active),
      maxQueued: Math.max(c.maxQueued, b.queued),
      rejected: c.bulkheadRejected + c.userRejected,
      maxConcurrent: b.maxConcurrent,
      maxQueue: b.maxQueue,
    });
    if (c.successful + c.failed + c.rejected > 0) wb.snapshot(snapshotRow(sg));
  }
  return all;
}
