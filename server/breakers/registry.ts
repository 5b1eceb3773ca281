// The BreakerRegistry: the one owner of every circuit breaker in the process. It alone creates,
// replaces and changes breakers — force, lift, reset, trip, hold, allow-half-open, adopt a record
// decided by another instance, options, the sweep. Everything else (the gateway's guards, health,
// SLOs, the cluster, operator actions) asks it, and holds at most a read-only BreakerGuard.
// It emits one typed stream of domain events; history, alerts, the cluster, metrics and the
// Socket.IO bridge subscribe to it from their own modules. Nobody calls back into the emitter.
import { CircuitBreaker, type BreakerGuard, type BreakerSyncRecord } from "@/lib/engine/breaker/circuit-breaker";
import type { BreakerOptionsInput } from "@/lib/engine/breaker/options";
import type { BreakerReason } from "@/lib/engine/breaker/transitions";
import type { BreakerCallEvent, BreakerRejectEvent, BreakerStateChangeEvent, BreakerStatus } from "@/lib/engine/breaker/types";
import { EventHub, type Listener, type Unsubscribe } from "@/lib/engine/events";
import type { Clock } from "@/lib/engine/clock";
import type { LiftTarget } from "@/lib/contracts/breakers";
import type { Logger } from "../logger";

export type BreakerRegistryEvents = {
  /** A transition, local or adopted from another instance (`event.remote`), with the breaker's new status. */
  stateChanged: { event: BreakerStateChangeEvent; status: BreakerStatus };
  /** An operator set, replaced or lifted an override, or reset the breaker. */
  operated: { name: string; action: "force" | "lift" | "reset"; actor: string; status: BreakerStatus };
  /** A permit was completed and its outcome recorded. */
  callRecorded: BreakerCallEvent;
  /** A call was refused by the breaker. */
  rejected: BreakerRejectEvent;
  /** A breaker was created (service added) or removed (service deleted). */
  added: { name: string };
  removed: { name: string };
};

export interface BreakerRegistryDeps {
  clock: Clock;
  log: Logger;
  /** Cluster mode: a breaker whose service needs a trip quorum above 1 does not trip on its own window. */
  clusterMode?: boolean;
}

interface Entry {
  breaker: CircuitBreaker;
  tripQuorum: number;
  offs: Unsubscribe[];
}

/** Relays one breaker's engine events as the registry's (and logs local transitions). */
function relay(b: CircuitBreaker, hub: EventHub<BreakerRegistryEvents>, log: Logger): Unsubscribe[] {
  return [
    b.on("stateChange", (event) => {
      if (!event.remote) log.info({ breaker: event.name, from: event.from, to: event.to, reason: event.reason, actor: event.actor }, `breaker ${event.name}: ${event.from} → ${event.to} (${event.reason})`);
      hub.emit("stateChanged", { event, status: b.status() });
    }),
    b.on("call", (e) => hub.emit("callRecorded", e)),
    b.on("reject", (e) => hub.emit("rejected", e)),
  ];
}

/** Operator actions: each changes the breaker through the engine and emits `operated` once. */
function operatorActions(find: (name: string) => CircuitBreaker | undefined, hub: EventHub<BreakerRegistryEvents>) {
  return {
    force(name: string, state: "open" | "closed", o: { actor: string; reason: string; ttlMs?: number }): BreakerStatus | undefined {
      const b = find(name);
      if (!b) return undefined;
      b.force(state, o);
      const status = b.status();
      hub.emit("operated", { name, action: "force", actor: o.actor, status });
      return status;
    },
    /** Lifts an override. Returns undefined when there is no such breaker, null when nothing was lifted. */
    lift(name: string, o: { actor: string; to?: LiftTarget }): BreakerStatus | null | undefined {
      const b = find(name);
      if (!b) return undefined;
      if (!b.lift({ actor: o.actor, ...(o.to ? { to: o.to } : {}) })) return null;
      const status = b.status();
      hub.emit("operated", { name, action: "lift", actor: o.actor, status });
      return status;
    },
    reset(name: string, o: { actor: string }): BreakerStatus | undefined {
      const b = find(name);
      if (!b) return undefined;
      b.reset(o);
      const status = b.status();
      hub.emit("operated", { name, action: "reset", actor: o.actor, status });
      return status;
    },
  };
}

export function createBreakerRegistry(deps: BreakerRegistryDeps) {
  const entries = new Map<string, Entry>();
  const hub = new EventHub<BreakerRegistryEvents>((err) => deps.log.error({ err }, "a breaker event listener failed"));

  const entry = (name: string): Entry | undefined => entries.get(name);

  function applyTripping(e: Entry): void {
    e.breaker.setLocalTripping(!deps.clusterMode || e.tripQuorum <= 1);
  }

  return {
    on<K extends keyof BreakerRegistryEvents>(event: K, listener: Listener<BreakerRegistryEvents[K]>): Unsubscribe {
      return hub.on(event, listener);
    },

    // ---- lifecycle -------------------------------------------------------------------------
    /** Creates the breaker of a new service (from a persisted snapshot when given). Throws on a malformed snapshot. */
    create(name: string, options: BreakerOptionsInput, opts: { snapshot?: unknown; tripQuorum?: number } = {}): BreakerGuard {
      if (entries.has(name)) throw new Error(`breaker '${name}' exists`);
      const breaker = new CircuitBreaker(options, { name, clock: deps.clock, snapshot: opts.snapshot });
      const e: Entry = { breaker, tripQuorum: opts.tripQuorum ?? 1, offs: relay(breaker, hub, deps.log) };
      entries.set(name, e);
      applyTripping(e);
      hub.emit("added", { name });
      return breaker;
    },
    /** New options for an existing breaker: it keeps its state (and its window unless the window's shape changed). */
    configure(name: string, options: BreakerOptionsInput, tripQuorum = 1): void {
      const e = entry(name);
      if (!e) return;
      e.breaker.updateOptions(options);
      e.tripQuorum = tripQuorum;
      applyTripping(e);
    },
    remove(name: string): boolean {
      const e = entry(name);
      if (!e) return false;
      for (const off of e.offs) off();
      entries.delete(name);
      hub.emit("removed", { name });
      return true;
    },

    // ---- reads -----------------------------------------------------------------------------
    has: (name: string) => entries.has(name),
    names: () => [...entries.keys()],
    /** The read-only view of one breaker (permits, state, metrics), or undefined. */
    guard: (name: string): BreakerGuard | undefined => entry(name)?.breaker,
    tripQuorum: (name: string) => entry(name)?.tripQuorum ?? 1,
    *all(): IterableIterator<[string, BreakerGuard]> {
      for (const [name, e] of entries) yield [name, e.breaker];
    },

    ...operatorActions((name) => entry(name)?.breaker, hub),

    // ---- subsystems (health, SLOs, cluster) ------------------------------------------------
    /** Opens a closed or half-open breaker; with `hold`, keeps it open until `allowHalfOpen`. */
    trip(name: string, reason: BreakerReason, o: { actor?: string; hold?: boolean } = {}): boolean {
      return entry(name)?.breaker.trip(reason, o) ?? false;
    },
    allowHalfOpen(name: string, o: { actor?: string; reason?: BreakerReason } = {}): boolean {
      return entry(name)?.breaker.allowHalfOpen(o) ?? false;
    },
    /** Takes a state decided by another instance (through the same transition table and bookkeeping). */
    adopt(name: string, record: BreakerSyncRecord): boolean {
      return entry(name)?.breaker.syncFrom(record) ?? false;
    },

    /** The sweep: open → half-open when the wait is over, half-open timeouts, override expiry. */
    tick(now: number = deps.clock.now()): void {
      for (const e of entries.values()) e.breaker.tick(now);
    },
  };
}
export type BreakerRegistry = ReturnType<typeof createBreakerRegistry>;
