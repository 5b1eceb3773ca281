// The SQLite history writer thread. better-sqlite3 is synchronous: a history flush run on the main
// thread blocks every request for as long as its INSERTs take. This writer hands each batch to a
// worker thread (node:worker_threads) that owns its own better-sqlite3 write connection; the
// database is in WAL mode, so the main thread's Prisma reads go on while the worker writes. A batch
// is still one transaction (BEGIN IMMEDIATE), its rows in queue order; the main thread turns rows
// into statement values in slices of SLICE_ROWS, yielding the event loop between slices, and the
// thread commits once the last slice is in; a failed batch rejects, so
// the write-behind queue keeps (and retries) what it must never drop. Batches go out one at a time
// (the write-behind queue never overlaps flushes); a worker that dies rejects what it held and is
// started again on the next batch. The thread keeps the process alive only while a batch is out.
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { historySlices, type HistoryBatch, type HistoryWriter } from "./repos/breaker-history";
import type { RowStatement } from "./repos/bulk-insert";

// Plain CommonJS run with `eval`: no build step, the same in tsx, vitest and the compiled server.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: workerData.busyTimeoutMs });
db.pragma("journal_mode = WAL");
const prepared = new Map();
const statement = (sql) => {
  let st = prepared.get(sql);
  if (!st) prepared.set(sql, (st = db.prepare(sql)));
  return st;
};
const open = new Map();
const write = db.transaction((ops) => {
  for (const op of ops) {
    const st = statement(op.sql);
    for (const row of op.rows) st.run(row);
  }
});
parentPort.on("message", (m) => {
  if (m.type === "close") {
    db.close();
    parentPort.close();
    return;
  }
  const ops = open.get(m.id) || [];
  for (const op of m.ops) ops.push(op);
  if (!m.commit) {
    open.set(m.id, ops);
    return;
  }
  open.delete(m.id);
  const t0 = performance.now();
  try {
    write.immediate(ops);
    parentPort.postMessage({ id: m.id, ok: true, ms: performance.now() - t0 });
  } catch (e) {
    prepared.clear();
    parentPort.postMessage({ id: m.id, ok: false, message: String((e && e.message) || e), code: e && e.code });
  }
});
`;

interface Reply {
  id: number;
  ok: boolean;
  ms?: number;
  message?: string;
  code?: string;
}
interface Pending {
  resolve(): void;
  reject(err: Error): void;
}

export interface SqliteHistoryWriterOptions {
  /** How long the writer thread waits for the database's write lock (another connection writing). */
  busyTimeoutMs?: number;
}

export interface SqliteHistoryWriter extends HistoryWriter {
  /**
   * Time the writer thread spent in its last transaction and the longest since start, and the
   * longest the main thread spent at once converting and posting one slice (ms).
   */
  timing(): { lastMs: number; longestMs: number; longestSliceMs: number; batches: number };
  /** The writer thread's id while it runs (benchmarks and tests). */
  threadId(): number | null;
  /** Stops the thread once the batch in flight (if any) is answered. */
  close(): Promise<void>;
}

export class SqliteWriteError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = "SqliteWriteError";
  }
}

/** Rows converted per turn of the main thread's event loop (≈ 1–2 ms of work on a quiet core). */
export const SLICE_ROWS = 500;

const yieldTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const driverPath = (): string => createRequire(path.join(__dirname, "sqlite-writer.js")).resolve("better-sqlite3");

/**
 * Posts a batch to the thread as one message per SLICE_ROWS rows (a small batch is a single
 * message), yielding between messages; the last one commits. Returns the longest slice (ms).
 */
async function postBatch(w: Worker, id: number, b: HistoryBatch): Promise<number> {
  let longest = 0;
  let ops: RowStatement[] = [];
  let rows = 0;
  let t0 = performance.now();
  const post = (commit: boolean) => {
    w.postMessage({ id, ops, commit });
    longest = Math.max(longest, performance.now() - t0);
    ops = [];
    rows = 0;
  };
  for (const slice of historySlices(b, SLICE_ROWS)) {
    if (rows + slice.rows.length > SLICE_ROWS && ops.length > 0) {
      post(false);
      await yieldTurn();
      t0 = performance.now();
    }
    ops.push(slice);
    rows += slice.rows.length;
  }
  post(true);
  return longest;
}

export function createSqliteHistoryWriter(file: string, opts: SqliteHistoryWriterOptions = {}): SqliteHistoryWriter {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const timing = { lastMs: 0, longestMs: 0, longestSliceMs: 0, batches: 0 };

  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };

  const onReply = (r: Reply) => {
    const p = pending.get(r.id);
    if (!p) return;
    pending.delete(r.id);
    if (pending.size === 0) worker?.unref();
    if (!r.ok) return p.reject(new SqliteWriteError(r.message ?? "history write failed", r.code));
    timing.lastMs = r.ms ?? 0;
    timing.longestMs = Math.max(timing.longestMs, timing.lastMs);
    timing.batches++;
    p.resolve();
  };

  const start = (): Worker => {
    const w = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, driver: driverPath(), busyTimeoutMs: opts.busyTimeoutMs ?? 10_000 },
    });
    w.on("message", onReply);
    w.on("error", (err) => failAll(new SqliteWriteError(`SQLite writer thread failed: ${err.message}`)));
    w.on("exit", (code) => {
      if (worker === w) worker = null;
      failAll(new SqliteWriteError(`SQLite writer thread stopped (exit code ${code})`));
    });
    w.unref();
    return w;
  };

  return {
    async writeBatch(b: HistoryBatch): Promise<void> {
      if (b.transitions.length + b.snapshots.length + b.breakerSamples.length + b.bulkheadSamples.length === 0) return;
      const w = (worker ??= start());
      const id = nextId++;
      const answered = new Promise<void>((resolve, reject) => pending.set(id, { resolve, reject }));
      answered.catch(() => undefined); // awaited below; a thread that dies mid-batch rejects it early
      w.ref();
      const sliceMs = await postBatch(w, id, b);
      timing.longestSliceMs = Math.max(timing.longestSliceMs, sliceMs);
      return answered;
    },
    timing: () => ({ ...timing }),
    threadId: () => worker?.threadId ?? null,
    async close(): Promise<void> {
      const w = worker;
      if (!w) return;
      worker = null;
      const exited = new Promise<void>((resolve) => w.once("exit", () => resolve()));
      w.ref();
      w.postMessage({ type: "close" });
      await exited;
    },
  };
}
