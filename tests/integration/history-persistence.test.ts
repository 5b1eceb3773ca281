// Breaker history through the write-behind queue, on SQLite and PostgreSQL: batches land in one
// transaction, snapshots keep only the latest, and nothing that matters is lost while the database
// is briefly unavailable.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { freshDatabase, PG_ADMIN_URL, PROVIDERS, type TestDatabase } from "../helpers/databases";
import { ROOT } from "../helpers/server";
import { parseDatabaseUrl } from "@/server/config";
import { migrate } from "@/server/persistence/migrator";
import { createPersistence, type Persistence } from "@/server/persistence";
import { createWriteBehind } from "@/server/persistence/write-behind";

const t = (s: number) => new Date(Date.UTC(2026, 10, 27, 12, 0, s));

describe.each(PROVIDERS)("breaker history on %s", (provider) => {
  let db: TestDatabase;
  let p: Persistence;
  beforeAll(async () => {
    db = await freshDatabase(provider);
    const cfg = parseDatabaseUrl(db.url, ROOT);
    await migrate(cfg, ROOT);
    p = createPersistence(cfg);
  });
  afterAll(async () => {
    await p?.close();
    await db?.drop();
  });

  it("flushes transitions, the latest snapshot per breaker and samples", async () => {
    const wb = createWriteBehind(p.breakerHistory, { flushIntervalMs: 60_000 });
    wb.transition({ name: "pay", from: "closed", to: "open", reason: "failure_rate", at: t(1) });
    wb.transition({ name: "pay", from: "open", to: "half_open", reason: "wait_elapsed", at: t(2) });
    wb.snapshot({ name: "pay", state: "open", snapshot: '{"v":1}', updatedAt: t(1) });
    wb.snapshot({ name: "pay", state: "half_open", snapshot: '{"v":1,"x":2}', updatedAt: t(2) });
    wb.breakerSample({ name: "pay", at: t(0), state: "open", successful: 5, failed: 7, slow: 1, rejected: 3 });
    wb.bulkheadSample({ service: "pay", at: t(0), maxActive: 4, maxQueued: 1, rejected: 2, maxConcurrent: 10, maxQueue: 5 });
    await wb.close();
    const history = await p.breakerHistory.transitions("pay", { limit: 10 });
    expect(history.map((h) => `${h.from}>${h.to}`)).toEqual(["open>half_open", "closed>open"]);
    const snaps = await p.breakerHistory.snapshots();
    expect(snaps).toHaveLength(1);
    expect(snaps[0]).toMatchObject({ name: "pay", state: "half_open", snapshot: '{"v":1,"x":2}' });
    expect(await p.breakerHistory.breakerSamples("pay", t(0))).toMatchObject([{ successful: 5, failed: 7, slow: 1, rejected: 3 }]);
    expect(await p.breakerHistory.bulkheadSamples("pay", t(0))).toMatchObject([{ maxActive: 4, rejected: 2 }]);
    expect(wb.stats()).toMatchObject({ pendingTransitions: 0, pendingSnapshots: 0, pendingSamples: 0, flushedRows: 5 });
  });

  it("bounds samples under pressure and counts what it dropped, never dropping transitions", async () => {
    const wb = createWriteBehind(p.breakerHistory, { flushIntervalMs: 60_000, maxSamples: 3 });
    for (let i = 0; i < 5; i++) wb.breakerSample({ name: "bounded", at: t(10 + i), state: "closed", successful: i, failed: 0, slow: 0, rejected: 0 });
    for (let i = 0; i < 50; i++) wb.transition({ name: "bounded", from: "closed", to: "open", reason: `r${i}`, at: t(i) });
    expect(wb.stats()).toMatchObject({ pendingSamples: 3, droppedSamples: 2, pendingTransitions: 50 });
    await wb.close();
    expect((await p.breakerHistory.breakerSamples("bounded", t(0))).map((s) => s.successful)).toEqual([2, 3, 4]);
    expect(await p.breakerHistory.transitions("bounded", { limit: 100 })).toHaveLength(50);
  });

  if (provider === "postgresql") {
    it("keeps transitions while the database refuses connections, and writes them when it is back", async () => {
      const name = new URL(db.url).pathname.slice(1);
      const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
      await admin.connect();
      const errors: unknown[] = [];
      const wb = createWriteBehind(p.breakerHistory, { flushIntervalMs: 50, onError: (e) => errors.push(e) });
      try {
        await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
        await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [name]);
        wb.transition({ name: "outage", from: "closed", to: "open", reason: "failure_rate", at: t(30) });
        wb.urgentSnapshot({ name: "outage", state: "open", snapshot: "{}", updatedAt: t(30) });
        await expect.poll(() => errors.length, { timeout: 10_000 }).toBeGreaterThan(0);
        expect(wb.stats().pendingTransitions).toBe(1);
      } finally {
        await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
        await admin.end();
      }
      await expect
        .poll(async () => (await p.breakerHistory.transitions("outage", { limit: 5 }).catch(() => [])).length, { timeout: 40_000, interval: 250 })
        .toBe(1);
      expect(wb.stats().pendingTransitions).toBe(0);
      await wb.close();
    });
  }
});
