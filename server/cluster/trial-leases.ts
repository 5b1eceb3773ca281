// The cluster-wide half-open trial leases this instance holds. A lease never outlives the breaker's
// half-open limit, and when the breaker leaves half-open (a verdict, a half_open_timeout, a state
// adopted from another instance) every lease held here for it is void and given back at once.
import type { Clock } from "@/lib/engine/clock";

/** The longest a trial lease lasts (a crashed instance's lease expires after this). */
export const TRIAL_LEASE_MS = 15_000;

/** A lease lasts TRIAL_LEASE_MS, but never longer than the breaker's half-open limit (0 = none). */
export function trialLeaseMs(maxWaitInHalfOpenMs: number): number {
  return maxWaitInHalfOpenMs > 0 ? Math.min(TRIAL_LEASE_MS, maxWaitInHalfOpenMs) : TRIAL_LEASE_MS;
}

export class TrialLeases {
  /** breaker → lease id → expiry (epoch ms) */
  private readonly held = new Map<string, Map<string, number>>();

  constructor(private readonly clock: Clock) {}

  add(name: string, id: string, leaseMs: number): void {
    let m = this.held.get(name);
    if (!m) this.held.set(name, (m = new Map()));
    m.set(id, this.clock.now() + leaseMs);
  }

  /** The trial ended: true if the lease was still held here (and must be given back). */
  remove(name: string, id: string): boolean {
    const m = this.held.get(name);
    if (!m?.delete(id)) return false;
    if (m.size === 0) this.held.delete(name);
    return true;
  }

  /**
   * The breaker left half-open: every lease held for it is void. Returns them all to give back:
   * one that just expired may still sit in Redis (it is only pruned by the next acquire).
   */
  voidAll(name: string): string[] {
    const m = this.held.get(name);
    if (!m) return [];
    this.held.delete(name);
    return [...m.keys()];
  }

  /** Leases held here for `name` that have not expired. */
  count(name: string): number {
    const now = this.clock.now();
    return [...(this.held.get(name)?.values() ?? [])].filter((expiresAt) => expiresAt > now).length;
  }
}
