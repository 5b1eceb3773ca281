// Two instances' chaos services on one fake clock and one store, their cluster messages handed
// across in-process (the real Redis path has its own integration test): an experiment injects on
// both, a stop anywhere ends it everywhere, a follower ends at the duration by itself, an
// instance with chaos off follows nothing, and create/stop are audited.
import { describe, expect, it } from "vitest";
import { FakeClock } from "@/lib/engine/fake-clock";
import { experimentCreateSchema } from "@/lib/contracts/experiments";
import type { Principal } from "../auth/principal";
import type { AuditRecorder } from "../audit";
import { createChaosService, type ChaosService } from "./chaos-service";
import { Followers } from "./followers";
import { MemoryExperimentStore } from "./memory-store.test-support";
import { Figures, harness, T0 } from "./runner-harness.test-support";
import { clockScheduler } from "./scheduler";
import type { ChaosClusterMessage } from "./cluster-message";

const alice: Principal = { username: "alice", role: "operator", via: "session" };
const body = (over: Record<string, unknown> = {}) =>
  experimentCreateSchema.parse({ name: "payments 503", service: "payments", faults: [{ type: "error", status: 503 }], durationSeconds: 60, ...over });

function pair(opts: { bEnabled?: boolean } = {}) {
  const clock = new FakeClock(T0);
  const store = new MemoryExperimentStore();
  const audit: { action: string; actor: string; target: string }[] = [];
  const recorder = { record: async (e: { action: string; actor: string; target: string }) => void audit.push(e) } as unknown as AuditRecorder;
  const inbox: { to: ChaosService; m: ChaosClusterMessage }[] = [];
  const nodes: ChaosService[] = [];
  /** What each instance told the gateway: injecting or not. */
  const hooks: Record<string, boolean[]> = { a: [], b: [] };
  const make = (instanceId: string, enabled: boolean) => {
    let n = 0;
    const h = harness({ instanceId, clock, store, enabled, newId: () => `${instanceId}-${++n}`, emit: (dto) => self.announced(dto) });
    const self: ChaosService = createChaosService({
      instanceId,
      enabled,
      runner: h.runner,
      followers: new Followers({ clock, scheduler: clockScheduler(clock), figures: new Figures(), random: () => 0.5 }),
      store,
      audit: recorder,
      broadcast: (m) => {
        for (const to of nodes) if (to !== self) inbox.push({ to, m });
      },
      onInjecting: (on) => hooks[instanceId]?.push(on),
      onError: (e) => {
        throw e;
      },
    });
    nodes.push(self);
    return self;
  };
  const A = make("a", true);
  const B = make("b", opts.bEnabled ?? true);
  /** Delivers the messages sent so far (as Redis pub/sub would). */
  const deliver = async () => {
    for (const { to, m } of inbox.splice(0)) await to.received(m);
  };
  return { clock, store, audit, A, B, deliver, hooks };
}

describe("chaos service across instances", () => {
  it("an experiment created on A injects on B too; stop-all on B ends it on both", async () => {
    const { A, B, deliver, store, audit, hooks } = pair();
    await A.start();
    await B.start();
    const dto = await A.create(alice, body());
    expect(B.injectorFor("payments")).toBeUndefined();
    await deliver();
    expect(A.injectorFor("payments")).toBeDefined();
    expect(B.injectorFor("payments")?.experimentId).toBe(dto.id);
    expect(hooks).toEqual({ a: [true], b: [true] }); // the gateways look injectors up from now on

    const stopped = await B.stopAll(alice);
    expect(stopped.map((d) => [d.id, d.status])).toEqual([[dto.id, "stopped"]]);
    expect(B.injectorFor("payments")).toBeUndefined(); // its own copy at once
    expect(A.injectorFor("payments")).toBeDefined(); // until the message arrives
    await deliver();
    expect(A.injectorFor("payments")).toBeUndefined();
    expect(hooks).toEqual({ a: [true, false], b: [true, false] }); // …and no longer
    expect(store.rows.get(dto.id)?.status).toBe("stopped");
    expect(audit.map((e) => [e.action, e.target])).toEqual([
      ["experiment.create", `experiment:${dto.id}`],
      ["experiment.stop", `experiment:${dto.id}`],
    ]);
  });

  it("a stop on the owner reaches the follower; a follower also ends by itself at the duration", async () => {
    const { A, B, deliver, clock, hooks } = pair();
    await A.start();
    await B.start();
    const first = await A.create(alice, body());
    await deliver();
    await A.stop(alice, first.id);
    await deliver();
    expect(B.injectorFor("payments")).toBeUndefined();

    await A.create(alice, body({ service: "search" }));
    await deliver();
    expect(B.injectorFor("search")).toBeDefined();
    await clock.advanceAsync(60_000);
    expect(A.injectorFor("search")).toBeUndefined();
    expect(B.injectorFor("search")).toBeUndefined();
    expect(hooks).toEqual({ a: [true, false, true, false], b: [true, false, true, false] });
  });

  it("an instance that starts while an experiment runs joins it; with chaos off it follows nothing", async () => {
    const joined = pair();
    await joined.A.start();
    await joined.A.create(alice, body());
    await joined.B.start();
    expect(joined.B.injectorFor("payments")).toBeDefined();

    const off = pair({ bEnabled: false });
    await off.A.start();
    await off.B.start();
    await off.A.create(alice, body());
    await off.deliver();
    expect(off.B.injectorFor("payments")).toBeUndefined();
    await expect(off.B.list({ limit: 10 })).rejects.toMatchObject({ status: 403, code: "chaos_disabled" });
  });
});
