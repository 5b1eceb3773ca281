import { describe, expect, it } from "vitest";
import pino from "pino";
import { FakeClock } from "@/lib/engine/fake-clock";
import { createBreakerRegistry, type BreakerRegistryEvents } from "./registry";

const log = pino({ level: "silent" });
const OPTIONS = { consecutiveFailures: 2, waitInOpenMs: 1_000, halfOpenMaxCalls: 1, successThreshold: 1 };

function setup(clusterMode = false) {
  const clock = new FakeClock();
  const registry = createBreakerRegistry({ clock, log, clusterMode });
  const seen: Array<{ type: keyof BreakerRegistryEvents; payload: unknown }> = [];
  for (const type of ["stateChanged", "operated", "added", "removed"] as const) registry.on(type, (payload) => seen.push({ type, payload }));
  return { clock, registry, seen };
}

const fail = (g: ReturnType<ReturnType<typeof setup>["registry"]["guard"]>) => {
  const p = g!.tryAcquire();
  if (p.ok) p.failure(1);
};

describe("BreakerRegistry", () => {
  it("emits one stateChanged per transition, carrying the breaker's new status", () => {
    const { registry, seen } = setup();
    const g = registry.create("pay", OPTIONS);
    fail(g);
    fail(g);
    const changes = seen.filter((e) => e.type === "stateChanged");
    expect(changes).toHaveLength(1);
    expect(changes[0]!.payload).toMatchObject({ event: { name: "pay", from: "closed", to: "open", reason: "consecutive_failures" }, status: { state: "open" } });
  });

  it("operator actions change the breaker, report `operated` with the status, and answer undefined for unknown names", () => {
    const { registry, seen } = setup();
    registry.create("pay", OPTIONS);
    expect(registry.force("pay", "open", { actor: "olga", reason: "maintenance", ttlMs: 60_000 })?.state).toBe("forced_open");
    expect(registry.lift("pay", { actor: "olga", to: "half_open" })?.state).toBe("half_open");
    expect(registry.lift("pay", { actor: "olga" })).toBeNull(); // nothing left to lift
    expect(registry.reset("pay", { actor: "olga" })?.state).toBe("closed");
    expect(seen.filter((e) => e.type === "operated").map((e) => (e.payload as { action: string }).action)).toEqual(["force", "lift", "reset"]);
    expect(registry.force("nope", "open", { actor: "olga", reason: "x" })).toBeUndefined();
    expect(registry.trip("nope", "slo_burn")).toBe(false);
  });

  it("holds a breaker open past its wait until allowHalfOpen, through the sweep", () => {
    const { clock, registry } = setup();
    registry.create("pay", OPTIONS);
    expect(registry.trip("pay", "health_check_failed", { actor: "health:http", hold: true })).toBe(true);
    clock.advance(5_000);
    registry.tick();
    expect(registry.guard("pay")!.state).toBe("open");
    expect(registry.allowHalfOpen("pay", { reason: "health_recovered" })).toBe(true);
    expect(registry.guard("pay")!.state).toBe("half_open");
  });

  it("sweeps open breakers to half-open when their wait is over", () => {
    const { clock, registry } = setup();
    const g = registry.create("pay", OPTIONS);
    fail(g);
    fail(g);
    clock.advance(999);
    registry.tick();
    expect(g.state).toBe("open");
    clock.advance(1);
    registry.tick();
    expect(g.state).toBe("half_open");
  });

  it("in cluster mode a service with a trip quorum above 1 does not trip on its own window", () => {
    const { registry } = setup(true);
    const g = registry.create("pay", OPTIONS, { tripQuorum: 2 });
    fail(g);
    fail(g);
    expect(g.state).toBe("closed");
    registry.configure("pay", OPTIONS, 1);
    fail(g);
    fail(g);
    expect(g.state).toBe("open");
  });

  it("adopts another instance's record through the transition table, marked remote", () => {
    const a = setup();
    const b = setup();
    const ga = a.registry.create("pay", OPTIONS);
    b.registry.create("pay", OPTIONS);
    fail(ga);
    fail(ga);
    expect(b.registry.adopt("pay", ga.syncRecord("consecutive_failures"))).toBe(true);
    expect(b.registry.guard("pay")!.state).toBe("open");
    const adopted = b.seen.filter((e) => e.type === "stateChanged").map((e) => (e.payload as { event: { remote?: boolean } }).event.remote);
    expect(adopted).toEqual([true]);
  });

  it("remove stops its events and forgets it", () => {
    const { registry, seen } = setup();
    const g = registry.create("pay", OPTIONS);
    expect(() => registry.create("pay", OPTIONS)).toThrow(/exists/);
    expect(registry.remove("pay")).toBe(true);
    fail(g);
    fail(g);
    expect(seen.map((e) => e.type)).toEqual(["added", "removed"]);
    expect(registry.has("pay")).toBe(false);
    expect(registry.remove("pay")).toBe(false);
  });
});
