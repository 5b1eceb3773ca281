import { describe, expect, it } from "vitest";
import { FakeClock } from "@/lib/engine/fake-clock";
import { afterAdvance, isoAfterT0, startedHarness, T0 } from "./runner-harness.test-support";

/**
 * Two instances on one store: this one runs exp-1 on payments and has exp-2 on search scheduled at
 * `searchAt`; the other (node-b) runs b-1 on orders.
 */
async function threeExperiments(searchAt: number) {
  const h = await startedHarness();
  await h.create();
  await h.create({ service: "search", startAt: new Date(searchAt).toISOString() });
  const other = await startedHarness({ store: h.store, clock: h.clock, instanceId: "node-b:3000", newId: () => "b-1" });
  await other.create({ service: "orders" });
  return { h, other };
}

describe("ExperimentRunner stop conditions", () => {
  it("stops by itself within a second of the SLO burning above the threshold, recording the value", async () => {
    const h = await startedHarness();
    h.figures.burn.set("pay-slo", 10);
    await h.create({ stopConditions: [{ type: "slo_burn", slo: "pay-slo", above: 14.4 }], hypothesis: { maxErrorRate: 1 } });
    await h.clock.advanceAsync(3_500);
    expect(h.runner.injectorFor("payments")).toBeDefined();
    h.figures.burn.set("pay-slo", 14.4);
    await h.clock.advanceAsync(1_000);
    expect(h.runner.injectorFor("payments")).toBeDefined();
    h.figures.burn.set("pay-slo", 20.25);
    const { injecting, dto } = await afterAdvance(h, 1_000);
    expect(injecting).toBe(false);
    expect(dto).toMatchObject({
      status: "stopped",
      endedAt: isoAfterT0(5_000),
      stopReason: { type: "slo_burn", slo: "pay-slo", above: 14.4, value: 20.25 },
      hypothesis: { held: true },
    });
    expect(h.store.rows.get("exp-1")).toMatchObject({ status: "stopped", stopReason: { value: 20.25 } });
  });

  it("stops on the service's error rate over the condition's window, all traffic included", async () => {
    const h = await startedHarness();
    await h.create({ stopConditions: [{ type: "error_rate", above: 5, windowSeconds: 30 }] });
    await h.clock.advanceAsync(2_000);
    expect(h.figures.asked).toEqual([
      { service: "payments", windowSeconds: 30 },
      { service: "payments", windowSeconds: 30 },
    ]);
    h.figures.errorRates.set("payments", 7.5);
    await h.clock.advanceAsync(1_000);
    expect(await h.runner.get("exp-1")).toMatchObject({ status: "stopped", stopReason: { type: "error_rate", above: 5, windowSeconds: 30, value: 7.5 } });
  });

  it("keeps running when a figure cannot be read, and reports the error", async () => {
    const h = await startedHarness();
    await h.create({ stopConditions: [{ type: "error_rate", above: 5, windowSeconds: 30 }] });
    h.figures.errorRate = () => {
      throw new Error("counters gone");
    };
    await h.clock.advanceAsync(2_000);
    expect(h.errors).toHaveLength(2);
    expect(h.runner.injectorFor("payments")).toBeDefined();
  });
});

describe("ExperimentRunner stop and stop-all", () => {
  it("stops one on request, naming who did it; a second stop is a conflict and unknown ids are 404", async () => {
    const h = await startedHarness();
    await h.create();
    await h.clock.advanceAsync(2_000);
    const dto = await h.runner.stop("exp-1", "bob");
    expect(dto).toMatchObject({ status: "stopped", stopReason: { type: "manual", actor: "bob" }, endedAt: new Date(T0 + 2_000).toISOString() });
    expect(h.runner.injectorFor("payments")).toBeUndefined();
    expect(h.store.rows.get("exp-1")?.status).toBe("stopped");
    await expect(h.runner.stop("exp-1", "bob")).rejects.toMatchObject({ status: 409 });
    await expect(h.runner.stop("nope", "bob")).rejects.toMatchObject({ status: 404 });
    // the completion timer is gone: nothing changes at the planned end
    await h.clock.advanceAsync(60_000);
    expect(h.store.rows.get("exp-1")?.status).toBe("stopped");
  });

  it("stops a scheduled experiment before it starts", async () => {
    const h = await startedHarness();
    await h.create({ startAt: new Date(T0 + 10_000).toISOString() });
    expect(await h.runner.stop("exp-1", "bob")).toMatchObject({ status: "stopped", startedAt: null });
    await h.clock.advanceAsync(20_000);
    expect(h.runner.injectorFor("payments")).toBeUndefined();
  });

  it("stops all: running, scheduled, and those recorded for another instance", async () => {
    const { h, other } = await threeExperiments(T0 + 10_000);
    const stopped = await h.runner.stopAll("ops");
    expect(stopped.map((d) => [d.id, d.status]).sort()).toEqual([
      ["b-1", "stopped"],
      ["exp-1", "stopped"],
      ["exp-2", "stopped"],
    ]);
    expect([...h.store.rows.values()].every((r) => r.status === "stopped" && r.stopReason?.type === "manual")).toBe(true);
    expect(h.runner.injectorFor("payments")).toBeUndefined();
    // the other instance learns of it at its next progress write and stops injecting
    expect(other.runner.injectorFor("orders")).toBeDefined();
    await other.clock.advanceAsync(5_000);
    expect(other.runner.injectorFor("orders")).toBeUndefined();
    expect(h.store.rows.get("b-1")).toMatchObject({ status: "stopped", stopReason: { type: "manual", actor: "ops" }, observed: { requests: 0 } });
  });
});

describe("ExperimentRunner and restarts", () => {
  it("marks what this instance left running or scheduled aborted (reason restart) at start; it does not resume", async () => {
    const { h: first } = await threeExperiments(T0 + 30_000);
    // the first instance crashes (no close); a new one starts with the same instance id
    const clock = new FakeClock(T0 + 10_000);
    const second = await startedHarness({ store: first.store, clock });
    expect(second.events.map((e) => [e.id, e.status, e.stopReason])).toEqual([
      ["exp-1", "aborted", { type: "restart" }],
      ["exp-2", "aborted", { type: "restart" }],
    ]);
    expect(first.store.rows.get("b-1")?.status).toBe("running");
    expect(second.runner.injectorFor("payments")).toBeUndefined();
    await clock.advanceAsync(60_000);
    expect(second.runner.injectorFor("search")).toBeUndefined();
    expect(first.store.rows.get("exp-2")?.status).toBe("aborted");
  });

  it("aborts what runs at shutdown, without judging the hypothesis", async () => {
    const h = await startedHarness();
    await h.create({ hypothesis: { maxErrorRate: 50 } });
    h.runner.injectorFor("payments")!.decide({ headers: {} });
    await h.runner.close();
    expect(h.store.rows.get("exp-1")).toMatchObject({ status: "aborted", stopReason: { type: "restart" }, observed: { requests: 1 }, hypothesisResult: null });
    expect((await h.runner.get("exp-1")).hypothesis).toMatchObject({ held: null, clauses: [] });
    expect(h.clock.pendingTimers()).toBe(0);
  });

  it("keeps a stop that could not be stored and writes it once the database is back", async () => {
    const h = await startedHarness();
    await h.create();
    h.store.failing = true;
    await expect(h.runner.stop("exp-1", "bob")).resolves.toMatchObject({ status: "stopped" });
    expect(h.runner.injectorFor("payments")).toBeUndefined();
    expect(h.errors.length).toBeGreaterThan(0);
    await h.clock.advanceAsync(3_000);
    h.store.failing = false;
    expect(h.store.rows.get("exp-1")?.status).toBe("running");
    await h.clock.advanceAsync(1_000);
    expect(h.store.rows.get("exp-1")).toMatchObject({ status: "stopped", stopReason: { type: "manual", actor: "bob" } });
    expect((await h.runner.get("exp-1")).status).toBe("stopped");
  });
});
