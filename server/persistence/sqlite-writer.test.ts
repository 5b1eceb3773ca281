// The SQLite history writer thread over a real database file: what it writes reads back through
// Prisma unchanged (dates included), in queue order, a batch larger than one slice lands whole, and
// a closed writer starts a fresh thread for the next batch.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { threadId } from "node:worker_threads";
import { sqlitePersistence } from "./sqlite.test-support";
import { createSqliteHistoryWriter, SLICE_ROWS, SqliteWriteError } from "./sqlite-writer";
import type { HistoryBatch } from "./repos/breaker-history";

const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);
const empty = (): HistoryBatch => ({ transitions: [], snapshots: [], breakerSamples: [], bulkheadSamples: [] });

describe("SQLite history writer thread", () => {
  let p: Awaited<ReturnType<typeof sqlitePersistence>>;
  beforeEach(async () => {
    p = await sqlitePersistence();
  });
  afterEach(async () => {
    await p.dispose();
  });

  it("writes on its own thread what Prisma reads back unchanged, in queue order, across slices", async () => {
    const w = createSqliteHistoryWriter(p.file);
    const n = SLICE_ROWS * 2 + 7;
    const b = empty();
    for (let i = 0; i < n; i++) b.transitions.push({ name: "w", from: "closed", to: "open", reason: `r${i}`, actor: i % 2 ? "ops" : null, at: new Date(T0 + (i >> 3)), detail: null });
    b.snapshots.push({ name: "w", state: "open", snapshot: '{"a":1}', updatedAt: new Date(T0 + 123) });
    b.breakerSamples.push({ name: "w", at: new Date(T0 + 5), state: "open", successful: 1, failed: 2, slow: 3, rejected: 4, answers: '{"200":1}' });
    b.bulkheadSamples.push({ service: "w", at: new Date(T0 + 6), maxActive: 7, maxQueued: 8, rejected: 9, maxConcurrent: 10, maxQueue: 11 });
    await w.writeBatch(b);
    expect(w.threadId()).not.toBeNull();
    expect(w.threadId()).not.toBe(threadId);
    const rows = (await p.breakerHistory.transitions("w", { limit: n + 1 })).reverse();
    expect(rows.map((r) => r.reason)).toEqual(b.transitions.map((t) => t.reason));
    expect(rows.map((r) => [r.at.getTime(), r.actor])).toEqual(b.transitions.map((t) => [t.at.getTime(), t.actor]));
    expect(await p.breakerHistory.snapshots()).toEqual([{ name: "w", state: "open", snapshot: '{"a":1}', updatedAt: new Date(T0 + 123) }]);
    expect(await p.breakerHistory.breakerSamples("w", new Date(T0))).toMatchObject([{ at: new Date(T0 + 5), successful: 1, rejected: 4, answers: '{"200":1}' }]);
    expect(await p.breakerHistory.bulkheadSamples("w", new Date(T0))).toMatchObject([{ at: new Date(T0 + 6), maxActive: 7, maxQueue: 11 }]);
    expect(w.timing().batches).toBe(1);
    await w.close();
    expect(w.threadId()).toBeNull();
  });

  it("rejects a batch the database refuses and writes none of it; a closed writer starts again", async () => {
    const w = createSqliteHistoryWriter(p.file);
    const b = empty();
    b.transitions.push({ name: "x", from: "closed", to: "open", reason: "ok", at: new Date(T0) });
    b.snapshots.push({ name: "x", state: "open", snapshot: "{}", updatedAt: new Date(T0) });
    const bad = { ...b, transitions: [...b.transitions, { name: "x", from: "closed", to: "open", reason: "bad", at: new Date(T0 + 1), actor: null, detail: null }] };
    // a NOT NULL column left null: the transaction rolls back as a whole
    (bad.transitions[1] as { to: string | null }).to = null;
    await expect(w.writeBatch(bad)).rejects.toBeInstanceOf(SqliteWriteError);
    expect(await p.breakerHistory.transitions("x", { limit: 5 })).toEqual([]);
    expect(await p.breakerHistory.snapshots()).toEqual([]);
    await w.close();
    await w.writeBatch(b);
    expect(await p.breakerHistory.transitions("x", { limit: 5 })).toMatchObject([{ reason: "ok" }]);
    await w.close();
  });
});
