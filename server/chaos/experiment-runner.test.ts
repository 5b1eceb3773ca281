import { describe, expect, it } from "vitest";
import { FakeClock } from "@/lib/engine/fake-clock";
import { AppError } from "../errors";
import { afterAdvance, harness, isoAfterT0, startedHarness, T0 } from "./runner-harness.test-support";

const req = { headers: {} };

describe("ExperimentRunner lifecycle", () => {
  it("starts an experiment without startAt at once and injects faults into its service only", async () => {
    const h = await startedHarness();
    const dto = await h.create();
    expect(dto).toMatchObject({ id: "exp-1", status: "running", startedAt: new Date(T0).toISOString(), summary: "for 1 min, 100 % of `payments` requests get HTTP 503" });
    expect(h.store.rows.get("exp-1")?.status).toBe("running");
    expect(h.runner.injectorFor("search")).toBeUndefined();
    const injector = h.runner.injectorFor("payments");
    const d = injector?.decide(req);
    expect(d).toEqual({ inScope: true, delayMs: 0, terminal: { type: "error", status: 503 }, injected: ["error"] });
    expect(h.metrics.injected).toEqual([]); // drawn, not yet applied
    if (d?.inScope) injector?.applied(d.injected);
    expect(h.metrics.injected).toEqual([["payments", "error"]]);
    expect(h.metrics.running.get("payments")).toBe(true);
    expect(h.events.map((e) => e.status)).toEqual(["running"]);
  });

  it("names the SLOs of its summary by name, live, and by id once the SLO is deleted", async () => {
    const names = new Map([["slo-7f3a", "checkout"]]);
    const h = await startedHarness({ sloName: (id) => names.get(id) });
    const stops = { stopConditions: [{ type: "slo_burn" as const, slo: "slo-7f3a", above: 14.4 }] };
    const byName = "for 1 min, 100 % of `payments` requests get HTTP 503; stops if the SLO `checkout` burns above 14.4×";
    expect((await h.create(stops)).summary).toBe(byName);
    expect(h.events.at(-1)?.summary).toBe(byName);
    expect((await h.runner.list({ limit: 10 }))[0]?.summary).toBe(byName);
    names.set("slo-7f3a", "checkout (renamed)");
    expect((await h.runner.get("exp-1")).summary).toContain("the SLO `checkout (renamed)` burns");
    names.delete("slo-7f3a");
    const stopped = await h.runner.stop("exp-1", "alice");
    expect(stopped.summary).toContain("the SLO `slo-7f3a` burns above 14.4×");
    // a stored experiment (no longer live) is named the same way
    names.set("slo-7f3a", "checkout");
    expect((await h.runner.get("exp-1")).summary).toBe(byName);
  });

  it("waits for startAt, then runs", async () => {
    const h = await startedHarness();
    const dto = await h.create({ startAt: new Date(T0 + 60_000).toISOString() });
    expect(dto).toMatchObject({ status: "scheduled", startAt: new Date(T0 + 60_000).toISOString(), startedAt: null });
    await h.clock.advanceAsync(59_999);
    expect(h.runner.injectorFor("payments")).toBeUndefined();
    await h.clock.advanceAsync(1);
    expect(h.runner.injectorFor("payments")).toBeDefined();
    expect(await h.runner.get("exp-1")).toMatchObject({ status: "running", startedAt: new Date(T0 + 60_000).toISOString() });
    expect(h.store.rows.get("exp-1")?.status).toBe("running");
    expect([...new Set(h.events.map((e) => e.status))]).toEqual(["scheduled", "running"]);
  });

  it("completes at its duration with what it observed and the hypothesis judged", async () => {
    const h = await startedHarness();
    h.figures.remaining.set("pay-slo", 90);
    await h.create({
      faults: [{ type: "error", status: 503, percent: 100 }],
      target: { header: { name: "x-chaos", value: "on" } },
      hypothesis: { breakerOpensWithinSeconds: 10, sloRemainingAbove: { slo: "pay-slo", percent: 50 }, maxErrorRate: 40 },
    });
    const injector = h.runner.injectorFor("payments")!;
    for (let i = 0; i < 10; i++) {
      const d = injector.decide({ headers: i < 3 ? { "x-chaos": "on" } : {} });
      if (d.inScope) injector.applied(d.injected);
      injector.outcome(d.inScope);
    }
    await h.clock.advanceAsync(7_000);
    h.runner.breakerTransition({ name: "payments", from: "closed", to: "open", reason: "failure_rate", at: h.clock.now() });
    h.runner.breakerTransition({ name: "search", from: "closed", to: "open", reason: "failure_rate", at: h.clock.now() });
    h.figures.remaining.set("pay-slo", 72.5);
    const { injecting, dto } = await afterAdvance(h, 53_000);
    expect(injecting).toBe(false);
    expect(dto).toMatchObject({
      status: "completed",
      endedAt: isoAfterT0(60_000),
      observed: {
        requests: 10,
        inScope: 3,
        injected: { error: 3, latency: 0, abort: 0, bandwidth: 0 },
        errorRate: 30,
        breakerTransitions: [{ from: "closed", to: "open", afterSeconds: 7 }],
        sloRemaining: { start: 90, end: 72.5 },
      },
      hypothesis: {
        held: true,
        clauses: [
          { clause: "breakerOpensWithinSeconds", expected: 10, observed: 7, held: true },
          { clause: "sloRemainingAbove", expected: 50, observed: 72.5, held: true },
          { clause: "maxErrorRate", expected: 40, observed: 30, held: true },
        ],
      },
    });
    expect(dto.stopReason).toBeUndefined();
    const stored = h.store.rows.get("exp-1")!;
    expect(stored).toMatchObject({ status: "completed", observed: { requests: 10 }, hypothesisResult: { held: true } });
    expect(h.metrics.running.get("payments")).toBe(false);
    // a response finishing after the end changes nothing
    injector.outcome(true);
    expect((await h.runner.get("exp-1")).observed.errors).toBe(3);
  });

  it("judges a hypothesis false when the breaker never opened", async () => {
    const h = await startedHarness();
    await h.create({ hypothesis: { breakerOpensWithinSeconds: 30 } });
    await h.clock.advanceAsync(60_000);
    expect((await h.runner.get("exp-1")).hypothesis).toMatchObject({ held: false, clauses: [{ observed: null, held: false }] });
  });

  it("stores and announces progress every 5 s while running", async () => {
    const h = await startedHarness();
    await h.create({ durationSeconds: 30 });
    h.runner.injectorFor("payments")!.decide(req);
    await h.clock.advanceAsync(5_000);
    expect(h.store.rows.get("exp-1")?.observed?.requests).toBe(1);
    expect(h.events.filter((e) => e.status === "running").length).toBe(2);
  });

  it("runs one experiment per service at a time", async () => {
    const h = await startedHarness();
    await h.create();
    const clash = h.create({ name: "second" });
    await expect(clash).rejects.toMatchObject({ status: 409, code: "conflict" });
    await expect(h.create({ startAt: new Date(T0 + 30_000).toISOString() })).rejects.toMatchObject({ status: 409 });
    expect((await h.create({ service: "search" })).status).toBe("running");
    expect((await h.create({ startAt: new Date(T0 + 60_000).toISOString() })).status).toBe("scheduled");
    expect([...h.store.rows.keys()]).toEqual(["exp-1", "exp-4", "exp-5"]);
    await h.clock.advanceAsync(60_000);
    expect(h.runner.injectorFor("payments")?.experimentId).toBe("exp-5");
  });

  it("sees experiments another instance recorded for the service", async () => {
    const store = harness().store;
    const other = await startedHarness({ store, instanceId: "node-b:3000", newId: () => "b-1" });
    await other.create();
    const h = await startedHarness({ store, clock: other.clock });
    await expect(h.create()).rejects.toMatchObject({ status: 409, message: expect.stringContaining("b-1") });
  });

  it("refuses a startAt more than 7 days ahead, naming the field", async () => {
    const h = harness();
    await expect(h.create({ startAt: new Date(T0 + 8 * 86_400_000).toISOString() })).rejects.toMatchObject({
      status: 400,
      details: [{ path: "startAt", message: "must be at most 7 days ahead" }],
    });
  });

  it("answers 403 chaos_disabled to everything and injects nothing when disabled", async () => {
    const h = await startedHarness({ enabled: false });
    for (const op of [() => h.create(), () => h.runner.list({ limit: 10 }), () => h.runner.get("x"), () => h.runner.stop("x", "a"), () => h.runner.stopAll("a")]) {
      const e = await op().then(() => undefined, (err: unknown) => err);
      expect(e).toBeInstanceOf(AppError);
      expect(e).toMatchObject({ status: 403, code: "chaos_disabled" });
    }
    expect(h.runner.injectorFor("payments")).toBeUndefined();
  });

  it("lists newest first with live figures and a status filter; unknown ids are 404", async () => {
    const h = await startedHarness();
    await h.create({ durationSeconds: 10 });
    await h.clock.advanceAsync(10_000);
    await h.create({ durationSeconds: 10 });
    h.runner.injectorFor("payments")!.decide(req);
    const all = await h.runner.list({ limit: 10 });
    expect(all.map((d) => [d.id, d.status, d.observed.requests])).toEqual([
      ["exp-2", "running", 1],
      ["exp-1", "completed", 0],
    ]);
    expect((await h.runner.list({ status: ["completed"], limit: 10 })).map((d) => d.id)).toEqual(["exp-1"]);
    await expect(h.runner.get("nope")).rejects.toMatchObject({ status: 404 });
  });

  it("uses the injected clock only (a fake clock far from now works)", async () => {
    const clock = new FakeClock(Date.UTC(2030, 0, 1));
    const h = await startedHarness({ clock });
    expect((await h.create()).startedAt).toBe("2030-01-01T00:00:00.000Z");
  });
});
