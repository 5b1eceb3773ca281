// Breaker history through the write-behind queue, on SQLite and PostgreSQL: batches land in one
// transaction, snapshots keep only the latest, and nothing that matters is lost while the database
// is briefly unavailable. The flush paths write with multi-row INSERTs: a large batch (as after an
// outage) lands completely and in queue order, SQLite's writes run on the writer thread while the
// event loop runs and reads see a batch whole or not at all,
// and SLO buckets / health minutes still add up when a key repeats.
import { afterAll, beforeAll, describe, it } from "vitest";
import pg from "pg";
import { freshDatabase, PG_ADMIN_URL, PROVIDERS, type TestDatabase } from "../helpers/databases";
import { ROOT } from "../helpers/server";
import { parseDatabaseUrl } from "@/server/config";
import { migrate } from "@/server/persistence/migrator";
import { createPersistence, type Persistence } from "@/server/persistence";
import { createWriteBehind } from "@/server/persistence/write-behind";

const t = (s: number) => new Date(Date.UTC(2026, 10, 27, 12, 0, s));
const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);
const TRANSITIONS = 8_000;
const SAMPLES = 6_000;

describe.concurrent.each(PROVIDERS)("breaker history on %s", (provider) => {
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

  it.sequential("flushes transitions, the latest snapshot per breaker and samples", async ({ expect }) => {
    const wb = createWriteBehind(p.historyWriter, { flushIntervalMs: 60_000 });
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

  it.sequential("bounds samples under pressure and counts what it dropped, never dropping transitions", async ({ expect }) => {
    const wb = createWriteBehind(p.historyWriter, { flushIntervalMs: 60_000, maxSamples: 3 });
    for (let i = 0; i < 5; i++) wb.breakerSample({ name: "bounded", at: t(10 + i), state: "closed", successful: i, failed: 0, slow: 0, rejected: 0 });
    for (let i = 0; i < 50; i++) wb.transition({ name: "bounded", from: "closed", to: "open", reason: `r${i}`, at: t(i) });
    expect(wb.stats()).toMatchObject({ pendingSamples: 3, droppedSamples: 2, pendingTransitions: 50 });
    await wb.close();
    expect((await p.breakerHistory.breakerSamples("bounded", t(0))).map((s) => s.successful)).toEqual([2, 3, 4]);
    expect(await p.breakerHistory.transitions("bounded", { limit: 100 })).toHaveLength(50);
  });

  if (provider === "postgresql") {
    it.sequential("keeps transitions while the database refuses connections, and writes them when it is back", async ({ expect }) => {
      const name = new URL(db.url).pathname.slice(1);
      const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
      await admin.connect();
      const errors: unknown[] = [];
      const wb = createWriteBehind(p.historyWriter, { flushIntervalMs: 50, onError: (e) => errors.push(e) });
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

  it.sequential("flushes a 20 000-row batch completely, transitions in the order they were queued", async ({ expect }) => {
    const wb = createWriteBehind(p.historyWriter, { flushIntervalMs: 600_000, maxSamples: 100_000 });
    // 4 transitions share each millisecond: their order must survive the round trip too
    for (let i = 0; i < TRANSITIONS; i++) {
      wb.transition({ name: "bulk", from: i % 2 ? "open" : "closed", to: i % 2 ? "closed" : "open", reason: `r${i}`, actor: i % 3 ? null : "ops", at: new Date(T0 + (i >> 2)), detail: i % 5 ? null : `d${i}` });
    }
    for (let i = 0; i < SAMPLES; i++) {
      wb.breakerSample({ name: "bulk", at: new Date(T0 + i * 10), state: "closed", successful: i, failed: i % 7, slow: i % 3, rejected: i % 11 });
      wb.bulkheadSample({ service: "bulk", at: new Date(T0 + i * 10), maxActive: i, maxQueued: i % 4, rejected: i % 9, maxConcurrent: 100, maxQueue: 10 });
    }
    for (let i = 0; i < 40; i++) wb.snapshot({ name: `bulk-${i}`, state: "open", snapshot: `{"i":${i}}`, updatedAt: new Date(T0 + i) });

    // The event loop keeps turning during the flush (SQLite's synchronous writes run on the writer
    // thread), and reads made meanwhile see none of the batch or all of it, never a part.
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 1);
    const seen: number[] = [];
    let flushed = false;
    const reads = (async () => {
      // a few reads, each after a real turn of the event loop (on SQLite a read may settle without leaving the microtask queue)
      for (let i = 0; i < 4 && !flushed; i++) {
        seen.push((await p.breakerHistory.transitions("bulk", { limit: 100_000 })).length);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    try {
      await wb.flush();
    } finally {
      flushed = true;
      clearInterval(ticker);
    }
    await reads;
    expect(ticks).toBeGreaterThanOrEqual(provider === "sqlite" ? 20 : 1);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((n) => n !== 0 && n !== TRANSITIONS)).toEqual([]);
    expect(wb.stats()).toMatchObject({ pendingTransitions: 0, pendingSamples: 0, droppedSamples: 0, flushedRows: TRANSITIONS + 2 * SAMPLES + 40 });

    const transitions = (await p.breakerHistory.transitions("bulk", { limit: 100_000 })).reverse();
    expect(transitions).toHaveLength(TRANSITIONS);
    transitions.forEach((t, i) => {
      expect(t.reason).toBe(`r${i}`);
      expect(t.at.getTime()).toBe(T0 + (i >> 2));
      expect(t.actor).toBe(i % 3 ? null : "ops");
      expect(t.detail).toBe(i % 5 ? null : `d${i}`);
    });
    const breakerSamples = await p.breakerHistory.breakerSamples("bulk", new Date(T0));
    expect(breakerSamples.map((s) => s.successful)).toEqual([...Array(SAMPLES).keys()]);
    expect(breakerSamples[SAMPLES - 1]).toMatchObject({ failed: (SAMPLES - 1) % 7, slow: (SAMPLES - 1) % 3, rejected: (SAMPLES - 1) % 11 });
    const bulkheadSamples = await p.breakerHistory.bulkheadSamples("bulk", new Date(T0));
    expect(bulkheadSamples.map((s) => s.maxActive)).toEqual([...Array(SAMPLES).keys()]);
    const snaps = (await p.breakerHistory.snapshots()).filter((s) => s.name.startsWith("bulk-"));
    expect(snaps).toHaveLength(40);
  });

  it.sequential("replaces a snapshot that is already stored", async ({ expect }) => {
    const wb = createWriteBehind(p.historyWriter, { flushIntervalMs: 600_000 });
    wb.snapshot({ name: "bulk-7", state: "half_open", snapshot: '{"v":2}', updatedAt: new Date(T0 + 99) });
    await wb.close();
    const snap = (await p.breakerHistory.snapshots()).find((s) => s.name === "bulk-7");
    expect(snap).toMatchObject({ state: "half_open", snapshot: '{"v":2}', updatedAt: new Date(T0 + 99) });
  });

  it.sequential("adds SLO bucket counts to stored rows, also when a key repeats within one write", async ({ expect }) => {
    const start = new Date(T0);
    const key = { sloId: "slo-bulk", instance: "i1", resolution: "10s", start };
    await p.slos.addToBuckets([key, { ...key, start: new Date(T0 + 10_000) }].map((k) => ({ ...k, good: 3, total: 4 })));
    await p.slos.addToBuckets([
      { ...key, good: 1, total: 2 },
      { ...key, good: 5, total: 5 },
    ]);
    const rows = await p.slos.buckets("slo-bulk", start);
    expect(rows.map((r) => [r.start.getTime() - T0, r.good, r.total])).toEqual([
      [0, 9, 11],
      [10_000, 3, 4],
    ]);
  });

  it.sequential("adds health-minute counts and keeps the latest latency figures", async ({ expect }) => {
    const minute = new Date(T0);
    const row = { checkId: "hc-bulk", instance: "i1", minute, up: 2, down: 1, p50: 10, p95: 20, max: 30 };
    await p.health.writeMinutes([row]);
    await p.health.writeMinutes([row, { ...row, up: 5, down: 0, p50: 11, p95: null, max: 40 }]);
    expect(await p.health.minutes("hc-bulk", minute)).toMatchObject([{ up: 9, down: 2, p50: 11, p95: null, max: 40 }]);
  });
});
