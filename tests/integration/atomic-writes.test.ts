// Writes that must land whole or not at all, on SQLite and PostgreSQL: a history batch across its
// tables (a small one is a single statement, a large one a transaction), an alert's new status with
// its note, and the entries of one audit append. A row the database refuses leaves nothing behind.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import pg from "pg";
import { freshDatabase, PROVIDERS, type TestDatabase } from "../helpers/databases";
import { ROOT } from "../helpers/server";
import { parseDatabaseUrl } from "@/server/config";
import { migrate } from "@/server/persistence/migrator";
import { createPersistence, type Persistence } from "@/server/persistence";
import type { HistoryBatch } from "@/server/persistence/repos/breaker-history";
import type { AlertRow } from "@/server/persistence/repos/alerts";

const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);
/** A value the column refuses (NOT NULL), typed as the row wants it. */
const refused = null as unknown as number;

function batch(name: string, transitions: number, badSample = false): HistoryBatch {
  return {
    transitions: Array.from({ length: transitions }, (_, i) => ({ name, from: i % 2 ? "open" : "closed", to: i % 2 ? "closed" : "open", reason: `r${i}`, actor: null, at: new Date(T0 + i) })),
    snapshots: [{ name, state: "open", snapshot: '{"v":1}', updatedAt: new Date(T0) }],
    breakerSamples: [{ name, at: new Date(T0), state: "closed", successful: 5, failed: 1, slow: 0, rejected: 0 }],
    bulkheadSamples: [{ service: name, at: new Date(T0), maxActive: badSample ? refused : 3, maxQueued: 0, rejected: 0, maxConcurrent: 10, maxQueue: 5 }],
  };
}

const alertRow = (id: string): AlertRow => ({
  id,
  fingerprint: `fp-${id}`,
  source: "breaker",
  severity: "critical",
  status: "firing",
  title: "Breaker pay opened",
  labels: '{"alertname":"BreakerOpen","breaker":"pay"}',
  annotations: "{}",
  startsAt: new Date(T0),
  endsAt: null,
  acknowledgedBy: null,
  acknowledgedAt: null,
  resolvedBy: null,
  silenced: true,
});

describe.each(PROVIDERS)("atomic writes on %s", (provider) => {
  let db: TestDatabase;
  let p: Persistence;
  /** Rows of `table` whose `column` is `value`, counted on a connection of its own. */
  let count: (table: string, column: string, value: string) => Promise<number>;

  beforeAll(async () => {
    db = await freshDatabase(provider);
    const cfg = parseDatabaseUrl(db.url, ROOT);
    await migrate(cfg, ROOT);
    p = createPersistence(cfg);
    count = async (table, column, value) => {
      const sql = `SELECT count(*) AS n FROM "${table}" WHERE "${column}" = ${cfg.provider === "sqlite" ? "?" : "$1"}`;
      if (cfg.provider === "sqlite") {
        const d = new Database(cfg.file, { readonly: true });
        try {
          return (d.prepare(sql).get(value) as { n: number }).n;
        } finally {
          d.close();
        }
      }
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      try {
        return Number((await c.query<{ n: string }>(sql, [value])).rows[0]!.n);
      } finally {
        await c.end();
      }
    };
  });
  afterAll(async () => {
    await p?.close();
    await db?.drop();
  });

  it.each([
    ["a small batch (one statement)", 2],
    ["a large batch (a transaction)", 3_000],
  ])("history: %s lands in every table, or in none when one row is refused", async (_, transitions) => {
    const name = `atomic-${transitions}`;
    await expect(p.breakerHistory.writeBatch(batch(name, transitions, true))).rejects.toThrow();
    expect(await p.breakerHistory.transitions(name, { limit: 10_000 })).toHaveLength(0);
    expect((await p.breakerHistory.snapshots()).filter((s) => s.name === name)).toHaveLength(0);
    expect(await p.breakerHistory.breakerSamples(name, new Date(T0))).toHaveLength(0);

    await p.breakerHistory.writeBatch(batch(name, transitions));
    const stored = (await p.breakerHistory.transitions(name, { limit: 10_000 })).reverse();
    expect(stored.map((t) => t.reason)).toEqual(Array.from({ length: transitions }, (_, i) => `r${i}`));
    expect(stored[1]).toMatchObject({ from: "open", to: "closed", actor: null, at: new Date(T0 + 1) });
    expect((await p.breakerHistory.snapshots()).filter((s) => s.name === name)).toMatchObject([{ state: "open", snapshot: '{"v":1}', updatedAt: new Date(T0) }]);
    expect(await p.breakerHistory.breakerSamples(name, new Date(T0))).toMatchObject([{ successful: 5, failed: 1 }]);
    expect(await p.breakerHistory.bulkheadSamples(name, new Date(T0))).toMatchObject([{ maxActive: 3, maxConcurrent: 10 }]);
  });

  it("alerts: a new status is stored with its note in one write; an alert that is not stored takes no note", async () => {
    await p.alerts.insert(alertRow("a1"));
    expect(await p.alerts.find("a1")).toMatchObject({ status: "firing", silenced: true, startsAt: new Date(T0), endsAt: null, notes: [] });

    await p.alerts.update("a1", { status: "acknowledged", endsAt: null, acknowledgedBy: "ada", acknowledgedAt: new Date(T0 + 1_000), resolvedBy: null }, { author: "ada", kind: "ack", comment: "looking", at: new Date(T0 + 1_000) });
    await p.alerts.update("a1", { status: "resolved", endsAt: new Date(T0 + 2_000), acknowledgedBy: "ada", acknowledgedAt: new Date(T0 + 1_000), resolvedBy: "system" }, { author: "system", kind: "resolve", at: new Date(T0 + 2_000) });
    const a1 = await p.alerts.find("a1");
    expect(a1).toMatchObject({ status: "resolved", endsAt: new Date(T0 + 2_000), acknowledgedBy: "ada", acknowledgedAt: new Date(T0 + 1_000), resolvedBy: "system" });
    expect(a1?.notes.map((n) => [n.author, n.kind, n.comment, n.at.getTime() - T0])).toEqual([
      ["ada", "ack", "looking", 1_000],
      ["system", "resolve", null, 2_000],
    ]);
    expect((await p.alerts.open()).map((a) => a.id)).not.toContain("a1");

    await p.alerts.update("a1", { status: "resolved", endsAt: new Date(T0 + 3_000), acknowledgedBy: "ada", acknowledgedAt: new Date(T0 + 1_000), resolvedBy: "ops" });
    expect(await p.alerts.find("a1")).toMatchObject({ endsAt: new Date(T0 + 3_000), resolvedBy: "ops", notes: [{ kind: "ack" }, { kind: "resolve" }] });

    const patch = { status: "resolved", endsAt: new Date(T0), acknowledgedBy: null, acknowledgedAt: null, resolvedBy: "system" };
    await expect(p.alerts.update("missing", patch, { author: "system", kind: "resolve", at: new Date(T0) })).rejects.toThrow(/not stored/);
    await expect(p.alerts.update("missing", patch)).rejects.toThrow(/not stored/);
    expect(await count("AlertNote", "alertId", "missing")).toBe(0);
  });

  it("audit: the entries of one append are stored together, in order, or none of them", async () => {
    await expect(
      p.audit.append([
        { actor: "ada", action: "breaker.reset", target: "breaker:atomic", before: { state: "open" }, after: { state: "closed" } },
        { actor: refused as unknown as string, action: "breaker.reset", target: "breaker:atomic" },
      ]),
    ).rejects.toThrow();
    expect(await count("AuditEntry", "target", "breaker:atomic")).toBe(0);

    await p.audit.append(
      [
        { actor: "ada", action: "breaker.force", target: "breaker:atomic", before: { state: "closed" }, after: { state: "forced_open" }, reason: "maintenance", ip: "10.0.0.1" },
        { actor: "ada", action: "breaker.lift", target: "breaker:atomic" },
      ],
      T0,
    );
    const entries = await p.audit.list({ limit: 10, target: "breaker:atomic" });
    expect(entries.map((e) => [e.action, e.at.getTime() - T0, e.before, e.after, e.reason, e.ip])).toEqual([
      ["breaker.lift", 1, null, null, null, null],
      ["breaker.force", 0, '{"state":"closed"}', '{"state":"forced_open"}', "maintenance", "10.0.0.1"],
    ]);
  });

  it("notifier targets: every notifier by name, with what dispatch needs", async () => {
    await p.alerts.createNotifier({ name: "zeta", type: "webhook", config: '{"url":"http://z"}', createdBy: "ada" });
    await p.alerts.createNotifier({ name: "alpha", type: "slack", config: '{"url":"http://a"}', createdBy: "ada" });
    const targets = await p.alerts.notifierTargets();
    expect(targets.map((n) => [n.name, n.type, n.config])).toEqual([
      ["alpha", "slack", '{"url":"http://a"}'],
      ["zeta", "webhook", '{"url":"http://z"}'],
    ]);
    expect(targets.map((n) => n.id)).toEqual((await p.alerts.notifiers()).map((n) => n.id));
  });
});
