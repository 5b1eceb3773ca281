import { describe, expect, it } from "vitest";
import pino from "pino";
import { serviceSchema, type ServiceInput } from "@/lib/contracts/services";
import { fakeServerClock } from "../clock";
import { createMetrics } from "../metrics";
import { createBreakerRegistry } from "../breakers/registry";
import { createGateway } from "../gateway/gateway";
import type { AuditInput } from "../persistence/repos/audit";
import type { AuditRecorder } from "../audit";
import { createAdaptivePins } from "./pins";

const log = pino({ level: "silent" });
const svc = (over: Partial<ServiceInput> = {}) =>
  serviceSchema.parse({ name: "pay", baseUrl: "http://127.0.0.1:9", bulkhead: { adaptive: { algorithm: "aimd", minLimit: 2, maxLimit: 40, initialLimit: 10 } }, ...over });

function setup() {
  const clock = fakeServerClock(Date.UTC(2026, 0, 1));
  const metrics = createMetrics({ breakers: () => [], bulkheads: () => [], sloBudgets: () => [], alertsFiring: () => ({}) });
  const breakers = createBreakerRegistry({ clock, log, clusterMode: false });
  const gateway = createGateway({ clock, metrics, log, breakers, proxy: { maxBodyBytes: 1e6, replayBufferBytes: 1e5, trustProxy: false } });
  const audited: AuditInput[] = [];
  // the recorder's interface (what pins talk to); the audit table itself is covered by the integration test
  const audit = { record: async (e: AuditInput) => void audited.push(e), list: async () => [] } as unknown as AuditRecorder;
  const pins = createAdaptivePins({ gateway, audit, clock, log });
  gateway.apply(svc());
  return { clock, gateway, pins, audited, sg: () => gateway.get("pay")! };
}

describe("adaptive pins", () => {
  it("hold the limit until ttlSeconds pass on the clock, then lift themselves (audited as an expiry)", async () => {
    const { clock, pins, audited, sg } = setup();
    expect(sg().bulkhead.stats().maxConcurrent).toBe(10);
    await pins.pin("olga", "pay", { limit: 3, reason: "upstream migration", ttlSeconds: 60 });
    expect(sg().bulkhead.stats().maxConcurrent).toBe(3);
    expect(pins.get("pay")).toMatchObject({ limit: 3, actor: "olga", until: clock.now() + 60_000 });
    clock.advance(59_999);
    expect(sg().adaptive!.pinned).toBe(true);
    clock.advance(1);
    await Promise.resolve();
    expect(sg().adaptive!.pinned).toBe(false);
    expect(sg().bulkhead.stats().maxConcurrent).toBe(10);
    expect(pins.get("pay")).toBeUndefined();
    expect(audited.map((a) => [a.action, a.actor, a.reason])).toEqual([
      ["bulkhead.pin", "olga", "upstream migration"],
      ["bulkhead.unpin", "system", "pin expired"],
    ]);
  });

  it("survive an edit that replaces the limiter, and go when the bulkhead becomes static", async () => {
    const { gateway, pins, sg } = setup();
    await pins.pin("olga", "pay", { limit: 5, reason: "r", ttlSeconds: 600 });
    gateway.apply(svc({ bulkhead: { adaptive: { algorithm: "gradient2", minLimit: 2, maxLimit: 40, initialLimit: 20 } } }));
    expect(sg().adaptive!.algorithm).toBe("gradient2");
    expect(sg().bulkhead.stats().maxConcurrent).toBe(5);
    gateway.apply(svc({ bulkhead: { maxConcurrent: 7 } }));
    expect(sg().adaptive).toBeUndefined();
    expect(pins.get("pay")).toBeUndefined();
    expect(sg().bulkhead.stats().maxConcurrent).toBe(7);
  });

  it("refuse a static bulkhead (409), an unknown service (404) and a limit above maxLimit (400 naming limit)", async () => {
    const { gateway, pins } = setup();
    gateway.apply(serviceSchema.parse({ name: "plain", baseUrl: "http://127.0.0.1:9" }));
    await expect(pins.pin("o", "plain", { limit: 3, reason: "r", ttlSeconds: 5 })).rejects.toMatchObject({ status: 409, code: "not_adaptive" });
    await expect(pins.pin("o", "nope", { limit: 3, reason: "r", ttlSeconds: 5 })).rejects.toMatchObject({ status: 404 });
    await expect(pins.pin("o", "pay", { limit: 41, reason: "r", ttlSeconds: 5 })).rejects.toMatchObject({ status: 400, details: [{ path: "limit" }] });
  });

  it("an unpin restores the algorithm's limit and is audited; without a pin it is a no-op", async () => {
    const { pins, audited, sg } = setup();
    expect(await pins.unpin("olga", "pay")).toBeUndefined();
    await pins.pin("olga", "pay", { limit: 2, reason: "r", ttlSeconds: 60 });
    expect((await pins.unpin("olga", "pay"))?.limit).toBe(2);
    expect(sg().bulkhead.stats().maxConcurrent).toBe(10);
    expect(audited.map((a) => a.action)).toEqual(["bulkhead.pin", "bulkhead.unpin"]);
  });

  it("a pin adopted from another instance holds and lifts here, but only its own instance audits the expiry", async () => {
    const { clock, pins, audited, sg } = setup();
    const now = clock.now();
    pins.adopt("pay", { limit: 4, reason: "from B", actor: "bob", at: now, until: now + 10_000 });
    expect(sg().bulkhead.stats().maxConcurrent).toBe(4);
    clock.advance(10_000);
    await Promise.resolve();
    expect(sg().bulkhead.stats().maxConcurrent).toBe(10);
    pins.adopt("pay", { limit: 3, reason: "again", actor: "bob", at: clock.now(), until: clock.now() + 60_000 });
    expect(sg().bulkhead.stats().maxConcurrent).toBe(3);
    pins.adopt("pay", null);
    expect(sg().bulkhead.stats().maxConcurrent).toBe(10);
    expect(audited).toEqual([]);
  });
});
