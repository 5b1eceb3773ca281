// Alerts on a fake clock over a real SQLite database and a real local webhook receiver: the
// delivery retry schedule (backoff with injected jitter, every attempt logged at clock time) and
// silences that stop muting when they expire.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "@/tests/helpers/webhook-receiver";
import { fakeServerClock } from "../clock";
import { createAuditRecorder } from "../audit";
import type { Principal } from "../auth/principal";
import { quietLogger, sqlitePersistence } from "../persistence/sqlite.test-support";
import { createAlertsService } from "./alerts-service";
import { BUILTIN_NOTIFIERS, createNotifierRegistry } from "./notifiers/registry";

const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);
const admin: Principal = { username: "ada", role: "admin", via: "session" };

describe("alerts on a fake clock", () => {
  let p: Awaited<ReturnType<typeof sqlitePersistence>>;
  let receiver: WebhookReceiver;
  let clock: ReturnType<typeof fakeServerClock>;
  let alerts: ReturnType<typeof createAlertsService>;
  beforeEach(async () => {
    p = await sqlitePersistence();
    receiver = await startWebhookReceiver();
    clock = fakeServerClock(T0);
    alerts = createAlertsService({
      repo: p.alerts,
      registry: createNotifierRegistry(BUILTIN_NOTIFIERS),
      audit: createAuditRecorder(p.audit),
      log: quietLogger(),
      clock,
      random: () => 0.5,
      externalURL: () => "http://breakwater.test",
      onFired: () => undefined,
      onUpdated: () => undefined,
    });
    await alerts.load();
    await alerts.createNotifier(admin, { name: "hook", type: "webhook", config: { url: receiver.url } });
  });
  afterEach(async () => {
    clock.advance(60_000); // lets close() finish its bounded wait
    await alerts.close();
    await receiver.close();
    await p.dispose();
  });

  it("retries a failed webhook delivery on the backoff schedule, logging each attempt at clock time", async () => {
    receiver.failNext(2, 503);
    await alerts.raise({ labels: { alertname: "Retry", service: "pay" }, severity: "critical", title: "pay is down", source: "test" });
    // full jitter at 0.5: 0.5 × 500 ms, then 0.5 × 1500 ms
    for (const [attempt, delay] of [[1, 250], [2, 750]] as const) {
      await vi.waitFor(() => expect(receiver.all).toHaveLength(attempt));
      await vi.waitFor(() => expect(clock.fake.pendingTimers()).toBe(1)); // the retry is waiting on the clock
      clock.advance(delay - 1);
      expect(clock.fake.pendingTimers()).toBe(1);
      expect(receiver.all).toHaveLength(attempt);
      clock.advance(1);
      expect(clock.fake.pendingTimers()).toBe(0);
    }
    await vi.waitFor(() => expect(receiver.delivered).toHaveLength(1));
    expect(receiver.all.map((d) => d.answered)).toEqual([503, 503, 200]);
    await vi.waitFor(async () => expect(await alerts.deliveries({ limit: 10 })).toHaveLength(3));
    const log = (await alerts.deliveries({ limit: 10 })).reverse();
    expect(log.map((d) => [d.attempt, d.ok, d.httpStatus, d.at])).toEqual([
      [1, false, 503, new Date(T0).toISOString()],
      [2, false, 503, new Date(T0 + 250).toISOString()],
      [3, true, 200, new Date(T0 + 1000).toISOString()],
    ]);
  });

  it("stops retrying at shutdown", async () => {
    receiver.failNext(10, 503);
    await alerts.raise({ labels: { alertname: "Shutdown" }, severity: "warning", title: "x", source: "test" });
    await vi.waitFor(() => expect(clock.fake.pendingTimers()).toBe(1));
    const closing = alerts.close();
    await vi.waitFor(() => expect(clock.fake.pendingTimers()).toBe(2)); // the retry and close()'s bounded wait
    clock.advance(3000);
    await closing;
    clock.advance(60_000);
    expect(receiver.all).toHaveLength(1);
  });

  it("mutes matching alerts while a silence lasts and notifies again once it has expired", async () => {
    const silence = await alerts.createSilence(admin, { matchers: { service: "pay" }, endsAt: new Date(T0 + 60_000).toISOString(), comment: "deploy" });
    expect(silence).toMatchObject({ startsAt: new Date(T0).toISOString(), active: true });
    const muted = await alerts.raise({ labels: { alertname: "During", service: "pay" }, severity: "critical", title: "during", source: "test" });
    expect(muted?.silenced).toBe(true);

    clock.advance(59_999);
    expect((await alerts.raise({ labels: { alertname: "StillDuring", service: "pay" }, severity: "critical", title: "x", source: "test" }))?.silenced).toBe(true);
    clock.advance(1);
    expect((await alerts.listSilences())[0]?.active).toBe(false);
    const loud = await alerts.raise({ labels: { alertname: "After", service: "pay" }, severity: "critical", title: "after", source: "test" });
    expect(loud).toMatchObject({ silenced: false, startsAt: new Date(T0 + 60_000).toISOString() });
    await vi.waitFor(() => expect(receiver.delivered).toHaveLength(1));
    expect(receiver.matching({ alertname: "After" }, "firing")).toHaveLength(1);
    expect(receiver.matching({ alertname: "During" })).toHaveLength(0);
  });

  it("expiring a silence early ends it at clock time", async () => {
    const s = await alerts.createSilence(admin, { matchers: { service: "db" }, endsAt: new Date(T0 + 3_600_000).toISOString(), comment: "maintenance" });
    clock.advance(5_000);
    const expired = await alerts.expireSilence(admin, s.id);
    expect(expired).toMatchObject({ endsAt: new Date(T0 + 5_000).toISOString(), active: false });
    expect((await alerts.raise({ labels: { alertname: "Db", service: "db" }, severity: "warning", title: "db", source: "test" }))?.silenced).toBe(false);
  });
});
