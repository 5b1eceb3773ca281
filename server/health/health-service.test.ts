// Health checks on a fake clock against a real local HTTP upstream, over a real SQLite database,
// with the real alerts service and breaker registry: the jittered schedule, healthy/unhealthy
// after N results, the breaker held open while unhealthy and released when healthy again, and the
// check timeout running on the clock.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { HealthResultDto } from "@/lib/contracts/health";
import { fakeServerClock } from "../clock";
import { createAuditRecorder } from "../audit";
import type { Principal } from "../auth/principal";
import { createBreakerRegistry } from "../breakers/registry";
import { createAlertsService } from "../alerts/alerts-service";
import { createNotifierRegistry } from "../alerts/notifiers/registry";
import { healthAlertLabels } from "../alerts/sources";
import { quietLogger, sqlitePersistence } from "../persistence/sqlite.test-support";
import { BUILTIN_CHECKERS } from "./builtins";
import { createCheckerRegistry } from "./registry";
import { createHealthService, FIRST_RUN_MS, MIN_DELAY_MS, nextRunDelay } from "./health-service";

const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);
const admin: Principal = { username: "ada", role: "admin", via: "session" };

describe("next run delay", () => {
  it("stays within ±10 % of the interval, the first run within FIRST_RUN_MS", () => {
    for (const r of [0, 0.25, 0.5, 0.999999]) {
      const d = nextRunDelay(10_000, false, () => r);
      expect(d).toBeGreaterThanOrEqual(9_000);
      expect(d).toBeLessThanOrEqual(11_000);
      expect(nextRunDelay(10_000, true, () => r)).toBeLessThanOrEqual(FIRST_RUN_MS * 1.1);
    }
    expect(nextRunDelay(10_000, false, () => 0)).toBe(9_000);
    expect(nextRunDelay(10_000, false, () => 0.5)).toBe(10_000);
    expect(nextRunDelay(0, false, () => 0)).toBe(MIN_DELAY_MS);
  });
});

describe("health checks on a fake clock", () => {
  let p: Awaited<ReturnType<typeof sqlitePersistence>>;
  let clock: ReturnType<typeof fakeServerClock>;
  let registry: ReturnType<typeof createBreakerRegistry>;
  let alerts: ReturnType<typeof createAlertsService>;
  let health: ReturnType<typeof createHealthService>;
  let upstream: http.Server;
  let answer: number | "hang" = 200;
  let target = "";
  const results: HealthResultDto[] = [];
  let jitter = 0.5;

  beforeEach(async () => {
    results.length = 0;
    answer = 200;
    jitter = 0.5;
    upstream = http.createServer((_req, res) => {
      if (answer === "hang") return;
      res.writeHead(answer).end();
    });
    await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
    target = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/health`;
    p = await sqlitePersistence();
    clock = fakeServerClock(T0);
    registry = createBreakerRegistry({ clock, log: quietLogger(), clusterMode: false });
    registry.create("pay", { waitInOpenMs: 1_000 });
    alerts = createAlertsService({ repo: p.alerts, registry: createNotifierRegistry([]), audit: createAuditRecorder(p.audit), log: quietLogger(), clock, externalURL: () => "http://x", onFired: () => undefined, onUpdated: () => undefined });
    health = createHealthService({
      repo: p.health,
      registry: createCheckerRegistry(BUILTIN_CHECKERS),
      breakers: registry,
      alerts,
      audit: createAuditRecorder(p.audit),
      log: quietLogger(),
      instanceId: "i1",
      clock,
      random: () => jitter,
      serviceExists: () => true,
      onResult: (e) => results.push(e.result),
    });
  });
  afterEach(async () => {
    await health.close();
    clock.advance(60_000);
    await alerts.close();
    upstream.closeAllConnections();
    await new Promise<void>((r) => upstream.close(() => r()));
    await p.dispose();
  });

  const create = (extra: Record<string, unknown> = {}) =>
    health.create(admin, { service: "pay", protocol: "http", target, intervalMs: 2_000, timeoutMs: 500, healthyThreshold: 2, unhealthyThreshold: 3, ...extra });
  /** Moves the clock to the next run and waits for its result. */
  const nextRun = async (ms = 2_000) => {
    const n = results.length;
    clock.advance(ms);
    await vi.waitFor(() => expect(results).toHaveLength(n + 1));
    await vi.waitFor(() => expect(clock.fake.pendingTimers()).toBe(1)); // the next run is scheduled
    return results[results.length - 1]!;
  };

  it("runs on the jittered schedule: first within a second, then every interval ±10 %", async () => {
    jitter = 0; // the earliest: −10 %
    await create();
    clock.advance(899);
    expect(clock.fake.pendingTimers()).toBe(1);
    expect(results).toHaveLength(0);
    expect((await nextRun(1)).at).toBe(new Date(T0 + 900).toISOString());
    clock.advance(1_799);
    expect(results).toHaveLength(1);
    expect((await nextRun(1)).at).toBe(new Date(T0 + 2_700).toISOString());
    jitter = 0.999999; // the latest: +10 %
    expect((await nextRun(2_200)).at).toBe(new Date(T0 + 4_900).toISOString());
  });

  it("turns unhealthy after N failures, holds the breaker open, and releases it after M successes", async () => {
    const check = await create();
    const labels = healthAlertLabels(check.id, "pay");
    await nextRun(1_000);
    await nextRun();
    expect(health.get(check.id).status).toBe("healthy");

    answer = 503;
    await nextRun();
    await nextRun();
    expect(health.get(check.id).status).toBe("healthy"); // two failures: not yet
    expect(registry.guard("pay")?.state).toBe("closed");
    await nextRun();
    expect(health.get(check.id)).toMatchObject({ status: "unhealthy", since: new Date(T0 + 9_000).toISOString(), lastError: "expected 200-399, got 503 Service Unavailable" });
    expect(registry.guard("pay")?.state).toBe("open");
    await vi.waitFor(() => expect(alerts.isOpen(labels)).toBe(true));

    // the breaker's own wait (1 s) passes several times over: it stays open while the check fails
    for (let i = 0; i < 3; i++) {
      await nextRun();
      registry.tick();
      expect(registry.guard("pay")?.state).toBe("open");
    }

    answer = 200;
    await nextRun();
    expect(health.get(check.id).status).toBe("unhealthy"); // one success: not yet
    await nextRun();
    expect(health.get(check.id).status).toBe("healthy");
    expect(registry.guard("pay")?.state).toBe("half_open");
    await vi.waitFor(() => expect(alerts.isOpen(labels)).toBe(false));
  });

  it("times a hanging upstream out on the clock", async () => {
    answer = "hang";
    await create({ unhealthyThreshold: 1 });
    clock.advance(1_000); // the first run starts and waits for an answer
    await vi.waitFor(() => expect(clock.fake.pendingTimers()).toBe(1)); // the check's timeout
    clock.advance(499);
    expect(results).toHaveLength(0);
    clock.advance(1);
    clock.advance(50); // the checker's moment to settle
    await vi.waitFor(() => expect(results).toHaveLength(1));
    expect(results[0]).toMatchObject({ healthy: false });
    expect(results[0]!.detail).toMatch(/timed out after 500 ms|abort/i);
  });

  it("writes closed minutes to the database, keeping the current one in memory", async () => {
    const check = await create();
    await nextRun(1_000);
    answer = 503;
    await nextRun();
    await health.flushMinutes();
    expect(await p.health.minutes(check.id, new Date(T0 - 60_000))).toHaveLength(0);
    clock.advance(60_000 - 3_000); // into the next minute (runs in between are not awaited)
    await health.flushMinutes();
    expect(await p.health.minutes(check.id, new Date(T0 - 60_000))).toMatchObject([{ minute: new Date(T0), up: 1, down: 1 }]);
  });
});
