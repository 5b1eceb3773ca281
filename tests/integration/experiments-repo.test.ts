// The experiments repository on SQLite and PostgreSQL: records round-trip with their JSON intact,
// lists filter by status newest first, final statuses are never overwritten by late writes, and
// an instance's leftovers (scheduled or running at a crash) become aborted with reason restart.
import { afterAll, beforeAll, describe, it } from "vitest";
import { freshDatabase, PROVIDERS, type TestDatabase } from "../helpers/databases";
import { ROOT } from "../helpers/server";
import { parseDatabaseUrl } from "@/server/config";
import { migrate } from "@/server/persistence/migrator";
import { createDb, type Db } from "@/server/persistence/client";
import { createExperimentsRepo, type ExperimentRecord, type ExperimentsRepo } from "@/server/persistence/repos/experiments";
import { emptyObserved } from "@/lib/engine/chaos/observation";

const t = (s: number) => new Date(Date.UTC(2026, 11, 1, 10, 0, s));

function record(id: string, over: Partial<ExperimentRecord> = {}): ExperimentRecord {
  return {
    id,
    definition: {
      name: `exp ${id}`,
      service: "payments",
      faults: [
        { type: "error", percent: 20, status: 503, body: '{"oops":"ünïcode"}' },
        { type: "latency", percent: 100, ms: 250, jitterMs: 50 },
      ],
      target: { percent: 50, header: { name: "x-chaos", value: "on" }, users: ["alice"] },
      durationSeconds: 300,
      stopConditions: [{ type: "slo_burn", slo: "slo-1", above: 14.4 }],
      hypothesis: { breakerOpensWithinSeconds: 30, sloRemainingAbove: { slo: "slo-1", percent: 50 } },
    },
    status: "scheduled",
    createdBy: "alice",
    createdAt: t(0),
    startAt: t(60),
    startedAt: null,
    endedAt: null,
    stopReason: null,
    observed: null,
    hypothesisResult: null,
    instanceId: "node-a:3000",
    ...over,
  };
}

describe.concurrent.each(PROVIDERS)("experiments repository on %s", (provider) => {
  let db: TestDatabase;
  let client: Db;
  let repo: ExperimentsRepo;
  beforeAll(async () => {
    db = await freshDatabase(provider);
    const cfg = parseDatabaseUrl(db.url, ROOT);
    await migrate(cfg, ROOT);
    client = createDb(cfg);
    repo = createExperimentsRepo(client);
  });
  afterAll(async () => {
    await client?.$disconnect();
    await db?.drop();
  });

  it.sequential("stores an experiment and reads it back unchanged", async ({ expect }) => {
    const rec = record("e1");
    expect(await repo.create(rec)).toEqual(rec);
    expect(await repo.get("e1")).toEqual(rec);
    expect(await repo.get("missing")).toBeNull();
  });

  it.sequential("records the run: start, observed figures, stop reason and verdict", async ({ expect }) => {
    await repo.create(record("e2"));
    const started = await repo.update("e2", { status: "running", startedAt: t(60), observed: emptyObserved() }, ["scheduled"]);
    expect(started).toMatchObject({ status: "running", startedAt: t(60) });
    const observed = { ...emptyObserved(), requests: 120, inScope: 60, injected: { latency: 60, error: 12, abort: 0, bandwidth: 0 }, responses: 120, errors: 12, errorRate: 10 };
    observed.breakerTransitions.push({ from: "closed", to: "open", reason: "failure_rate", at: t(75).toISOString(), afterSeconds: 15 });
    const stopped = await repo.update(
      "e2",
      {
        status: "stopped",
        endedAt: t(90),
        observed,
        stopReason: { type: "slo_burn", slo: "slo-1", above: 14.4, value: 21.7 },
        hypothesisResult: { held: true, clauses: [{ clause: "breakerOpensWithinSeconds", expected: 30, observed: 15, held: true }] },
      },
      ["running"],
    );
    expect(await repo.get("e2")).toEqual(stopped);
    expect(stopped).toMatchObject({
      status: "stopped",
      startedAt: t(60),
      endedAt: t(90),
      observed: { requests: 120, injected: { error: 12 }, breakerTransitions: [{ to: "open", afterSeconds: 15 }] },
      stopReason: { type: "slo_burn", value: 21.7 },
      hypothesisResult: { held: true },
    });
  });

  it.sequential("never overwrites a final status with a late write", async ({ expect }) => {
    await repo.create(record("e3", { status: "completed", startedAt: t(1), endedAt: t(2) }));
    expect(await repo.update("e3", { status: "aborted", stopReason: { type: "restart" } }, ["scheduled", "running"])).toBeNull();
    expect(await repo.get("e3")).toMatchObject({ status: "completed", stopReason: null });
  });

  it.sequential("lists newest first, filtered by status and service", async ({ expect }) => {
    await repo.create(record("l1", { createdAt: t(10), status: "running", definition: { ...record("x").definition, service: "search" } }));
    await repo.create(record("l2", { createdAt: t(11), status: "completed" }));
    await repo.create(record("l3", { createdAt: t(12), status: "running" }));
    expect((await repo.list({ status: ["running"] })).map((r) => r.id)).toEqual(["l3", "l1"]);
    expect((await repo.list({ status: ["running", "completed"], limit: 2 })).map((r) => r.id)).toEqual(["l3", "l2"]);
    expect((await repo.list({ status: ["running"], service: "search" })).map((r) => r.id)).toEqual(["l1"]);
    expect((await repo.list()).length).toBeGreaterThanOrEqual(6);
  });

  it.sequential("aborts this instance's scheduled and running leftovers with reason restart, and only those", async ({ expect }) => {
    await repo.create(record("a1", { instanceId: "node-b:3000", status: "running", startedAt: t(20), observed: { ...emptyObserved(), requests: 7 } }));
    await repo.create(record("a2", { instanceId: "node-b:3000", status: "scheduled" }));
    await repo.create(record("a3", { instanceId: "node-b:3000", status: "stopped", stopReason: { type: "manual", actor: "bob" } }));
    await repo.create(record("a4", { instanceId: "node-c:3000", status: "running" }));
    const aborted = await repo.abortLeftovers("node-b:3000", t(30));
    expect(aborted.map((r) => [r.id, r.status, r.stopReason, r.endedAt])).toEqual([
      ["a1", "aborted", { type: "restart" }, t(30)],
      ["a2", "aborted", { type: "restart" }, t(30)],
    ]);
    expect((await repo.get("a1"))?.observed?.requests).toBe(7);
    expect(await repo.get("a3")).toMatchObject({ status: "stopped", stopReason: { type: "manual", actor: "bob" } });
    expect(await repo.get("a4")).toMatchObject({ status: "running" });
    expect(await repo.abortLeftovers("node-b:3000", t(40))).toEqual([]);
  });
});
