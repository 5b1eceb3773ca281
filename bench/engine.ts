/**
 * `engine`: per-call cost of the breaker guard (closed + success, closed + 50 % failures, open
 * rejection) and of a bulkhead acquire + release — ours vs opossum 10 and cockatiel 4, side by side
 * in one process, alternating order, median of several rounds after a warm-up.
 *
 * Two sections:
 *  - "guard": the cheapest way each library offers to guard one call whose operation is
 *    synchronous (`() => 1`). Ours: the permit API the gateway uses (tryAcquire → run →
 *    success/failure, fully synchronous) and `execute()` (async like theirs). opossum's `fire()` and
 *    cockatiel's `execute()` always go through promises.
 *  - "async op": every implementation awaits the same async operation; we also time the bare
 *    `await op()` (baseline) and report each guard's overhead above it.
 */
import CircuitBreaker from "opossum";
import {
  ConsecutiveBreaker,
  SamplingBreaker,
  bulkhead as cockatielBulkhead,
  circuitBreaker as cockatielBreaker,
  handleAll,
} from "cockatiel";
import { createBulkhead, createCircuitBreaker } from "../lib/engine/index";
import { fmt, machine, runCase, table, writeResult, type BenchCase, type CaseResult } from "./lib/harness";

const OPS = Number(process.env.BENCH_OPS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
/** opossum's failure path costs 15–150 µs/op (rolling percentiles), so it gets fewer ops per sample. */
const OPOSSUM_FAILURE_SCALE = 0.02;

const boom = new Error("boom");
let flip = 0;
const syncOk = (): number => 1;
const syncHalf = (): number => {
  if ((flip++ & 1) === 1) throw boom;
  return 1;
};
const asyncOk = async (): Promise<number> => 1;
const asyncHalf = async (): Promise<number> => {
  if ((flip++ & 1) === 1) throw boom;
  return 1;
};
const swallow = (): void => {};
const T0 = Date.now();

async function loop(ops: number, call: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < ops; i++) await call();
}
async function loopCatch(ops: number, call: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < ops; i++) await call().catch(swallow);
}

const cockConsecutive = (): ReturnType<typeof cockatielBreaker> =>
  cockatielBreaker(handleAll, { halfOpenAfter: 30_000, breaker: new ConsecutiveBreaker(5) });
const cockSampling = (threshold: number): ReturnType<typeof cockatielBreaker> =>
  cockatielBreaker(handleAll, { halfOpenAfter: 30_000, breaker: new SamplingBreaker({ threshold, duration: 10_000 }) });

const opossums: CircuitBreaker[] = [];
function opossum(fn: () => unknown, options?: CircuitBreaker.Options): CircuitBreaker {
  const b = new CircuitBreaker(fn as () => Promise<unknown>, options);
  opossums.push(b);
  return b;
}

/** Breaker cases for one flavour of operation (sync or async). */
function breakerCases(section: string, ok: () => unknown, half: () => unknown, baseline: boolean): BenchCase[] {
  const ours = createCircuitBreaker({});
  const oursHalf = createCircuitBreaker({ failureRateThreshold: 100 });
  const oursOpen = createCircuitBreaker({});
  oursOpen.force("open", { actor: "bench", reason: "open path" });
  const opOk = opossum(ok);
  const opHalf = opossum(half, { errorThresholdPercentage: 100 });
  const opOpen = opossum(ok);
  opOpen.open();
  const ccOk = cockConsecutive();
  const csOk = cockSampling(0.5);
  const ccHalf = cockConsecutive();
  const csHalf = cockSampling(0.9);
  const ccOpen = cockConsecutive();
  ccOpen.isolate();
  const csOpen = cockSampling(0.5);
  csOpen.isolate();
  const okFn = ok as () => Promise<number> | number;
  const halfFn = half as () => Promise<number> | number;

  const closed: BenchCase = {
    name: `${section}: closed + success`,
    impls: {
      ...(baseline ? { "baseline (no guard)": (n: number) => loop(n, async () => okFn()) } : {}),
      "ours permit": baseline
        ? (n) =>
            loop(n, async () => {
              const p = ours.tryAcquire();
              if (!p.ok) return;
              await okFn();
              p.success();
            })
        : (n) => {
            for (let i = 0; i < n; i++) {
              const p = ours.tryAcquire();
              if (!p.ok) continue;
              okFn();
              p.success();
            }
          },
      "ours permit, caller-timed": baseline
        ? (n) =>
            loop(n, async () => {
              // the gateway already times each request: it passes its start time and duration
              const p = ours.tryAcquire(T0);
              if (!p.ok) return;
              await okFn();
              p.success(1);
            })
        : (n) => {
            for (let i = 0; i < n; i++) {
              const p = ours.tryAcquire(T0);
              if (!p.ok) continue;
              okFn();
              p.success(1);
            }
          },
      "ours execute": (n) => loop(n, () => ours.execute(okFn)),
      opossum: (n) => loop(n, () => opOk.fire()),
      "cockatiel consecutive": (n) => loop(n, () => ccOk.execute(okFn)),
      "cockatiel sampling": (n) => loop(n, () => csOk.execute(okFn)),
    },
  };
  const failing: BenchCase = {
    name: `${section}: closed + 50 % failures`,
    opsScale: { opossum: OPOSSUM_FAILURE_SCALE },
    impls: {
      ...(baseline ? { "baseline (no guard)": (n: number) => loopCatch(n, async () => halfFn()) } : {}),
      "ours permit": baseline
        ? (n) =>
            loop(n, async () => {
              const p = oursHalf.tryAcquire();
              if (!p.ok) return;
              try {
                await halfFn();
                p.success();
              } catch {
                p.failure();
              }
            })
        : (n) => {
            for (let i = 0; i < n; i++) {
              const p = oursHalf.tryAcquire();
              if (!p.ok) continue;
              try {
                halfFn();
                p.success();
              } catch {
                p.failure();
              }
            }
          },
      "ours permit, caller-timed": baseline
        ? (n) =>
            loop(n, async () => {
              const p = oursHalf.tryAcquire(T0);
              if (!p.ok) return;
              try {
                await halfFn();
                p.success(1);
              } catch {
                p.failure(1);
              }
            })
        : (n) => {
            for (let i = 0; i < n; i++) {
              const p = oursHalf.tryAcquire(T0);
              if (!p.ok) continue;
              try {
                halfFn();
                p.success(1);
              } catch {
                p.failure(1);
              }
            }
          },
      "ours execute": (n) => loopCatch(n, () => oursHalf.execute(halfFn)),
      opossum: (n) => loopCatch(n, () => opHalf.fire()),
      "cockatiel consecutive": (n) => loopCatch(n, () => ccHalf.execute(halfFn)),
      "cockatiel sampling": (n) => loopCatch(n, () => csHalf.execute(halfFn)),
    },
  };
  const open: BenchCase = {
    name: `${section}: open rejection`,
    impls: {
      "ours permit": (n) => {
        for (let i = 0; i < n; i++) {
          const p = oursOpen.tryAcquire();
          if (p.ok) p.release();
        }
      },
      "ours execute": (n) => loopCatch(n, () => oursOpen.execute(okFn)),
      opossum: (n) => loopCatch(n, () => opOpen.fire()),
      "cockatiel consecutive": (n) => loopCatch(n, () => ccOpen.execute(okFn)),
      "cockatiel sampling": (n) => loopCatch(n, () => csOpen.execute(okFn)),
    },
  };
  return baseline ? [closed, failing] : [closed, failing, open];
}

function bulkheadCase(section: string, ok: () => unknown, baseline: boolean): BenchCase {
  const ours = createBulkhead({ maxConcurrent: 10, maxQueue: 0 });
  const cock = cockatielBulkhead(10, 0);
  const okFn = ok as () => Promise<number> | number;
  return {
    name: `${section}: bulkhead acquire + release`,
    impls: {
      ...(baseline ? { "baseline (no guard)": (n: number) => loop(n, async () => okFn()) } : {}),
      "ours permit": baseline
        ? (n) =>
            loop(n, async () => {
              const lease = ours.tryAcquire();
              await okFn();
              lease?.release();
            })
        : (n) => {
            for (let i = 0; i < n; i++) {
              const lease = ours.tryAcquire();
              okFn();
              lease?.release();
            }
          },
      "ours execute": (n) => loop(n, () => ours.execute(okFn)),
      "cockatiel bulkhead": (n) => loop(n, () => cock.execute(okFn)),
    },
  };
}

const REFERENCES = new Set(["opossum", "cockatiel consecutive", "cockatiel sampling", "cockatiel bulkhead"]);

interface Summary {
  path: string;
  fastestReference: string;
  referenceNs: number;
  oursPermitNs: number;
  oursExecuteNs: number;
  permitRatio: number;
  executeRatio: number;
  /** breaker paths only: ours permit with caller-supplied start time and duration */
  callerTimedRatio?: number;
  /** async section: ns/op above the bare await */
  overhead?: Record<string, number>;
}

function summarise(r: CaseResult): Summary {
  const m = r.medians;
  let fastest = "";
  for (const name of Object.keys(m)) {
    if (REFERENCES.has(name) && (fastest === "" || (m[name] as number) < (m[fastest] as number))) fastest = name;
  }
  const ref = m[fastest] as number;
  const permit = m["ours permit"] as number;
  const execute = m["ours execute"] as number;
  const s: Summary = {
    path: r.name,
    fastestReference: fastest,
    referenceNs: ref,
    oursPermitNs: permit,
    oursExecuteNs: execute,
    permitRatio: permit / ref,
    executeRatio: execute / ref,
  };
  const timed = m["ours permit, caller-timed"];
  if (timed !== undefined) s.callerTimedRatio = timed / ref;
  const base = m["baseline (no guard)"];
  if (base !== undefined) {
    s.overhead = Object.fromEntries(Object.entries(m).filter(([k]) => !k.startsWith("baseline")).map(([k, v]) => [k, v - base]));
  }
  return s;
}

async function main(): Promise<void> {
  console.log(`machine: ${JSON.stringify(machine())}`);
  console.log(`ops/sample ${OPS}, warm-up ${WARMUP}, rounds ${ROUNDS} (alternating order)\n`);
  const cases = [
    ...breakerCases("guard", syncOk, syncHalf, false),
    bulkheadCase("guard", syncOk, false),
    ...breakerCases("async op", asyncOk, asyncHalf, true),
    bulkheadCase("async op", asyncOk, true),
  ];
  const results: CaseResult[] = [];
  const summaries: Summary[] = [];
  const rows: (string | number)[][] = [["path", "implementation", "median ns/op", "overhead ns/op"]];
  for (const c of cases) {
    const r = await runCase(c, { ops: OPS, warmup: WARMUP, rounds: ROUNDS });
    results.push(r);
    const s = summarise(r);
    summaries.push(s);
    for (const [name, ns] of Object.entries(r.medians)) {
      rows.push([c.name, name, fmt(ns), s.overhead?.[name] !== undefined ? fmt(s.overhead[name] as number) : ""]);
    }
  }
  for (const b of opossums) b.shutdown();
  console.log(table(rows));
  console.log("\nours / faster reference (target ≤ 0.5):");
  const ratioRows: (string | number)[][] = [
    ["path", "faster reference", "ref ns/op", "ours permit", "ours permit, caller-timed", "ours execute", "overhead ratio (permit / caller-timed / execute)"],
  ];
  for (const s of summaries) {
    const o = s.overhead;
    const ref = o?.[s.fastestReference];
    ratioRows.push([
      s.path,
      s.fastestReference,
      fmt(s.referenceNs),
      fmt(s.permitRatio, 2),
      s.callerTimedRatio === undefined ? "—" : fmt(s.callerTimedRatio, 2),
      fmt(s.executeRatio, 2),
      o && ref !== undefined
        ? [o["ours permit"], o["ours permit, caller-timed"], o["ours execute"]].map((x) => (x === undefined ? "—" : fmt(x / ref, 2))).join(" / ")
        : "",
    ]);
  }
  console.log(table(ratioRows));
  writeResult("engine", {
    settings: { ops: OPS, warmup: WARMUP, rounds: ROUNDS, opossumFailureOpsScale: OPOSSUM_FAILURE_SCALE },
    notes: [
      "guard section: synchronous operation; ours permit = tryAcquire/run/success fully synchronous, everyone else goes through a promise",
      "async op section: all await the same async operation; overhead = median − median of the bare await",
      "50 % failure path: thresholds raised so nothing trips (ours failureRateThreshold 100, opossum errorThresholdPercentage 100, cockatiel SamplingBreaker threshold 0.9); otherwise defaults",
      "opossum has no stand-alone bulkhead",
    ],
    cases: results,
    summaries,
  });
}

void main();
