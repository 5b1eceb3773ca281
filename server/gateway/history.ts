// History of breakers and bulkheads: every transition is queued (never dropped) with the breaker's
// snapshot, operator actions persist the snapshot at once, a removed service's snapshot is deleted,
// and every 10 s the interval counters become chart samples. Subscribes to the BreakerRegistry.
import type { BreakerGuard } from "@/lib/engine/breaker/circuit-breaker";
import type { WriteBehind } from "../persistence/write-behind";
import type { BreakerRegistry } from "../breakers/registry";
import type { Gateway, IntervalCounters } from "./gateway";

export const SAMPLE_INTERVAL_MS = 10_000;

export function snapshotRow(breaker: BreakerGuard) {
  const snap = breaker.toJSON();
  return { name: breaker.name, state: snap.state, snapshot: JSON.stringify(snap), updatedAt: new Date(snap.updatedAt) };
}

export function subscribeHistory(breakers: BreakerRegistry, wb: WriteBehind, deleteSnapshot: (name: string) => Promise<void>): void {
  breakers.on("stateChanged", ({ event: e }) => {
    // a state adopted from another instance was recorded there
    if (e.remote) return;
    wb.transition({
      name: e.name,
      from: e.from,
      to: e.to,
      reason: e.reason,
      actor: e.actor ?? null,
      at: new Date(e.at),
      detail: e.override ? JSON.stringify({ override: e.override }) : e.halfOpenAt ? JSON.stringify({ halfOpenAt: e.halfOpenAt }) : null,
    });
    const b = breakers.guard(e.name);
    if (b) wb.urgentSnapshot(snapshotRow(b));
  });
  // also an operator action that did not change the state (a new TTL, a reset of a closed breaker);
  // snapshots are kept by name, so one that a transition queued just before is written once
  breakers.on("operated", ({ name }) => {
    const b = breakers.guard(name);
    if (b) wb.urgentSnapshot(snapshotRow(b));
  });
  breakers.on("removed", ({ name }) => void deleteSnapshot(name).catch(() => undefined));
}

/**
 * Turns the interval counters into samples dated `intervalStart`; snapshots breakers that saw
 * traffic. `answersFrom` is the first slot not sampled yet (earlier than `intervalStart` when a late
 * timer skipped an interval), so every answer lands in exactly one sample.
 */
export function takeSamples(wb: WriteBehind, gateway: Gateway, intervalStart: Date, answersFrom = intervalStart.getTime()): Map<string, IntervalCounters> {
  const all = gateway.takeCounters();
  for (const [name, c] of all) {
    const sg = gateway.get(name);
    if (!sg) continue;
    const b = sg.bulkhead.stats();
    const answers = gateway.traffic.slotOutcomes(name, answersFrom, intervalStart.getTime() + SAMPLE_INTERVAL_MS);
    wb.breakerSample({ name, at: intervalStart, state: sg.breaker.state, successful: c.successful, failed: c.failed, slow: c.slow, rejected: c.rejected, answers: JSON.stringify(answers) });
    wb.bulkheadSample({
      service: name,
      at: intervalStart,
      maxActive: Math.max(c.maxActive, b.active),
      maxQueued: Math.max(c.maxQueued, b.queued),
      rejected: c.bulkheadRejected + c.userRejected,
      maxConcurrent: b.maxConcurrent,
      maxQueue: b.maxQueue,
    });
    if (c.successful + c.failed + c.rejected > 0) wb.snapshot(snapshotRow(sg.breaker));
  }
  return all;
}
