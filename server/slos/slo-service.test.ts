// SLOs on a fake clock over a real SQLite database, with the real alerts service and breaker
// registry: burn windows raising and clearing the page/ticket alerts, the slo_burn breaker trip,
// events rolling out of the window, and closed buckets written and reloaded after a restart.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fakeServerClock } from "../clock";
import { createAuditRecorder } from "../audit";
import type { Principal } from "../auth/principal";
import { createBreakerRegistry } from "../breakers/registry";
import { createAlertsService } from "../alerts/alerts-service";
import { createNotifierRegistry } from "../alerts/notifiers/registry";
import { quietLogger, sqlitePersistence } from "../persistence/sqlite.test-support";
import { createSloService } from "./slo-service";

const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);
const admin: Principal = { username: "ada", role: "admin", via: "session" };
// a 1-hour window: the burn windows scale by 1/720 (6h → 30 s, 3d → 6 min; none shorter than one 10 s bucket)
const DEF = { name: "pay-availability", service: "pay", sli: { type: "availability" as const, countUserLimited: false }, objective: 99, windowSeconds: 3600, alerting: { pageBurnRate: 14.4, ticketBurnRate: 1 }, tripBreakerOnBurnRate: 10 };

describe("SLOs on a fake clock", () => {
  let p: Awaited<ReturnType<typeof sqlitePersistence>>;
  let clock: ReturnType<typeof fakeServerClock>;
  let registry: ReturnType<typeof createBreakerRegistry>;
  let alerts: ReturnType<typeof createAlertsService>;
  const build = () =>
    createSloService({
      repo: p.slos,
      audit: createAuditRecorder(p.audit),
      log: quietLogger(),
      alerts,
      breakers: registry,
      instanceId: "i1",
      clock,
      serviceExists: () => true,
      onStatus: () => undefined,
    });
  const open = (rule: "page" | "ticket") => alerts.open().filter((a) => a.labels.rule === rule);
  /** `n` calls spread evenly over `ms` of clock time, `bad` of every 100 failing. */
  const traffic = (slos: ReturnType<typeof build>, n: number, ms: number, badPercent: number) => {
    for (let i = 0; i < n; i++) {
      slos.record("pay", i % 100 >= badPercent ? "success" : "upstream_error", 5);
      clock.advance(ms / n);
    }
  };

  beforeEach(async () => {
    p = await sqlitePersistence();
    clock = fakeServerClock(T0);
    registry = createBreakerRegistry({ clock, log: quietLogger(), clusterMode: false });
    registry.create("pay", {});
    alerts = createAlertsService({ repo: p.alerts, registry: createNotifierRegistry([]), audit: createAuditRecorder(p.audit), log: quietLogger(), clock, externalURL: () => "http://x", onFired: () => undefined, onUpdated: () => undefined });
    await alerts.load();
  });
  afterEach(async () => {
    clock.advance(60_000);
    await alerts.close();
    await p.dispose();
  });

  it("pages and trips the breaker (slo_burn) while the fast windows burn, and clears once they cool down", async () => {
    const slos = build();
    const slo = await slos.create(admin, DEF);
    const transitions: string[] = [];
    registry.on("stateChanged", ({ event }) => transitions.push(`${event.from}>${event.to}:${event.reason}`));
    traffic(slos, 2000, 10_000, 0);
    await slos.evaluate();
    expect(alerts.open()).toHaveLength(0);
    expect(registry.guard("pay")?.state).toBe("closed");

    traffic(slos, 1000, 6_000, 50); // half failing for longer than the scaled 1h window
    await slos.evaluate();
    expect(slos.status(slo.id).alerts.page).toBe(true);
    expect(open("page")).toMatchObject([{ severity: "critical", labels: { slo: slo.id, service: "pay" } }]);
    expect(registry.guard("pay")?.state).toBe("open");
    expect(transitions).toEqual(["closed>open:slo_burn"]);
    const [paged] = open("page");
    for (let i = 0; i < 2; i++) {
      traffic(slos, 400, 2_000, 50); // still burning through two more evaluations: still the same one alert
      await slos.evaluate();
    }
    expect(open("page").map((a) => a.id)).toEqual([paged!.id]);

    traffic(slos, 4000, 40_000, 0); // healthy for longer than the short page windows (at least one 10 s bucket, plus the current)
    await slos.evaluate();
    expect(slos.status(slo.id).alerts.page).toBe(false);
    expect(open("page")).toHaveLength(0);
  });

  it("keeps one page alert open across 10-s bucket boundaries while the burn lasts (no flapping)", async () => {
    const slos = build();
    await slos.create(admin, DEF);
    const seen = new Set<string>();
    // one failing call a second, none in the first 2.5 s of each 10-s bucket: the current bucket is
    // empty at every boundary while the burn goes on; evaluated every second for a minute
    for (let s = 0; s < 60; s++) {
      if (s % 10 >= 3) slos.record("pay", "upstream_error", 5);
      clock.advance(1_000);
      await slos.evaluate();
      for (const a of open("page")) seen.add(a.id);
      if (s >= 10) expect(open("page")).toHaveLength(1);
    }
    expect(seen.size).toBe(1);
  });

  it("raises a ticket on a steady burn below the page rate and clears it after the 6h window", async () => {
    const slos = build();
    const slo = await slos.create(admin, { ...DEF, tripBreakerOnBurnRate: null });
    traffic(slos, 4000, 60_000, 3); // 3× the sustainable rate for two scaled 6h windows
    await slos.evaluate();
    expect(slos.status(slo.id).alerts).toEqual({ page: false, ticket: true });
    expect(open("ticket")).toMatchObject([{ severity: "warning" }]);
    expect(open("page")).toHaveLength(0);
    expect(registry.guard("pay")?.state).toBe("closed");

    traffic(slos, 40_000, 400_000, 0); // clean for longer than the scaled 3d window
    await slos.evaluate();
    expect(slos.status(slo.id).alerts.ticket).toBe(false);
    expect(open("ticket")).toHaveLength(0);
  });

  it("counts a service's answers in each of its SLOs; a moved SLO counts its new service's only, a deleted one none", async () => {
    const slos = build();
    const a = await slos.create(admin, DEF);
    const b = await slos.create(admin, { ...DEF, name: "pay-latency", sli: { type: "latency" as const, thresholdMs: 10, countUserLimited: false } });
    slos.record("pay", "success", 5);
    slos.record("pay", "success", 50);
    expect([slos.status(a.id).events, slos.status(b.id).events]).toEqual([
      { good: 2, total: 2 },
      { good: 1, total: 2 },
    ]);
    await slos.update(admin, a.id, { ...DEF, service: "shop" }); // another service: its history restarts
    slos.record("pay", "upstream_error", 5);
    slos.record("shop", "success", 5);
    expect([slos.status(a.id).events, slos.status(b.id).events]).toEqual([
      { good: 1, total: 1 },
      { good: 2, total: 3 },
    ]);
    await slos.remove(admin, b.id);
    slos.record("pay", "success", 5);
    slos.record("shop", "success", 5);
    expect(slos.list().map((s) => [s.name, s.service, s.status?.events.total])).toEqual([["pay-availability", "shop", 2]]);
  });

  it("rolls old events out of the window", async () => {
    const slos = build();
    const slo = await slos.create(admin, DEF);
    traffic(slos, 100, 1_000, 10);
    expect(slos.status(slo.id).events).toEqual({ good: 90, total: 100 });
    clock.advance(3_540_000); // still inside the hour
    expect(slos.status(slo.id).events.total).toBe(100);
    clock.advance(120_000); // the buckets holding them have left the window
    expect(slos.status(slo.id).events).toEqual({ good: 0, total: 0 });
    expect(slos.status(slo.id).sli).toBe(100);
  });

  it("writes closed buckets and a restarted service reloads them (no history lost)", async () => {
    const slos = build();
    const slo = await slos.create(admin, DEF);
    traffic(slos, 100, 1_000, 20);
    await slos.flush(); // the current bucket is still open: nothing closed yet
    expect(await p.slos.buckets(slo.id, new Date(T0 - 1))).toHaveLength(0);
    clock.advance(60_000);
    await slos.flush();
    const rows = await p.slos.buckets(slo.id, new Date(T0 - 1));
    expect(rows.filter((r) => r.resolution === "10s").reduce((n, r) => n + r.total, 0)).toBe(100);

    const restarted = build();
    await restarted.load();
    expect(restarted.status(slo.id).events).toEqual({ good: 80, total: 100 });
  });
});
