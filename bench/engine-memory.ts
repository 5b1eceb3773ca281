/**
 * `engine-memory`: heap (and external ArrayBuffer memory) per breaker with a 100-call window for
 * 10 000 breakers, timers per breaker (process.getActiveResourcesInfo), and whether the heap stays
 * flat over 1 M calls — ours vs opossum 10 and cockatiel 4. Also bytes per live key of the
 * per-user bulkhead (100 000 keys). Needs `node --expose-gc` (bench/run.ts passes it).
 */
import { createHook } from "node:async_hooks";
import CircuitBreaker from "opossum";
import { ConsecutiveBreaker, SamplingBreaker, circuitBreaker as cockatielBreaker, handleAll } from "cockatiel";
import { createCircuitBreaker, createPerUserBulkhead, type CircuitBreaker as OurBreaker } from "../lib/engine/index";
import { fmt, machine, table, writeResult } from "./lib/harness";

const BREAKERS = Number(process.env.BENCH_BREAKERS ?? 10_000);
const CALLS = Number(process.env.BENCH_CALLS ?? 1_000_000);
const KEYS = Number(process.env.BENCH_KEYS ?? 100_000);

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error("run with node --expose-gc (npm run bench -- engine-memory does)");
  process.exit(1);
}

function settle(): void {
  for (let i = 0; i < 4; i++) gc?.();
}

/** heapUsed + arrayBuffers (typed-array backing stores live outside the JS heap). */
function usedBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Timers keeping the loop alive (unref'd timers are not listed here). */
function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
}

/** Every live Timeout object, ref'd or not (async_hooks sees unref'd intervals too). */
const liveTimeouts = new Set<number>();
createHook({
  init(id, type) {
    if (type === "Timeout") liveTimeouts.add(id);
  },
  destroy(id) {
    liveTimeouts.delete(id);
  },
}).enable();

interface MemoryRow {
  impl: string;
  bytesPerBreaker: number;
  /** ref'd timers per breaker (process.getActiveResourcesInfo) */
  timersPerBreaker: number;
  /** all live Timeout objects per breaker, including unref'd ones (async_hooks) */
  allTimersPerBreaker: number;
}

async function perBreaker(impl: string, make: (i: number) => unknown, cleanup: (xs: unknown[]) => void | Promise<void>): Promise<MemoryRow> {
  settle();
  const before = usedBytes();
  const timersBefore = activeTimers();
  const allBefore = liveTimeouts.size;
  const xs: unknown[] = new Array(BREAKERS);
  for (let i = 0; i < BREAKERS; i++) xs[i] = make(i);
  settle();
  const after = usedBytes();
  const row = {
    impl,
    bytesPerBreaker: (after - before) / BREAKERS,
    timersPerBreaker: (activeTimers() - timersBefore) / BREAKERS,
    allTimersPerBreaker: (liveTimeouts.size - allBefore) / BREAKERS,
  };
  await cleanup(xs);
  xs.length = 0;
  return row;
}

const noop = async (): Promise<number> => 1;

async function main(): Promise<void> {
  console.log(`machine: ${JSON.stringify(machine())}\n`);
  const sharedOptions = { window: { type: "count" as const, size: 100 } };

  const rows: MemoryRow[] = [];
  rows.push(
    await perBreaker(
      "ours (count window 100, filled)",
      (i) => {
        const b = createCircuitBreaker(sharedOptions, { name: `svc-${i}` });
        for (let c = 0; c < 100; c++) {
          const p = b.tryAcquire(0);
          if (p.ok) p.record({ failed: c % 10 === 0, durationMs: 1 });
        }
        return b;
      },
      () => {},
    ),
  );
  rows.push(
    await perBreaker(
      "ours (time window 60 s)",
      (i) => createCircuitBreaker({ window: { type: "time", seconds: 60 } }, { name: `svc-${i}` }),
      () => {},
    ),
  );
  rows.push(
    await perBreaker(
      "opossum (defaults)",
      () => new CircuitBreaker(noop),
      (xs) => {
        for (const b of xs as CircuitBreaker[]) b.shutdown();
      },
    ),
  );
  rows.push(
    await perBreaker(
      "cockatiel ConsecutiveBreaker",
      () => cockatielBreaker(handleAll, { halfOpenAfter: 30_000, breaker: new ConsecutiveBreaker(5) }),
      () => {},
    ),
  );
  rows.push(
    await perBreaker(
      "cockatiel SamplingBreaker",
      () => cockatielBreaker(handleAll, { halfOpenAfter: 30_000, breaker: new SamplingBreaker({ threshold: 0.5, duration: 10_000 }) }),
      () => {},
    ),
  );

  // flat heap over 1 M calls (ours, both window kinds, through the permit API the gateway uses)
  const flat: { impl: string; calls: number; heapDeltaBytes: number }[] = [];
  for (const [impl, b] of [
    ["ours (count window 100)", createCircuitBreaker({ ...sharedOptions, failureRateThreshold: 100 })],
    ["ours (time window 60 s)", createCircuitBreaker({ window: { type: "time", seconds: 60 }, failureRateThreshold: 100 })],
  ] as [string, OurBreaker][]) {
    const warm = (n: number): void => {
      for (let i = 0; i < n; i++) {
        const p = b.tryAcquire();
        if (p.ok) p.record({ failed: (i & 3) === 0, durationMs: i % 7000 });
      }
    };
    warm(100_000);
    settle();
    const before = usedBytes();
    warm(CALLS);
    settle();
    flat.push({ impl, calls: CALLS, heapDeltaBytes: usedBytes() - before });
  }

  // per-user bulkhead: bytes per live key
  settle();
  const beforeKeys = usedBytes();
  const perUser = createPerUserBulkhead({ maxKeys: KEYS });
  for (let i = 0; i < KEYS; i++) perUser.tryAcquire(`user-${i}`)?.release();
  settle();
  const perKey = (usedBytes() - beforeKeys) / KEYS;
  perUser.updateOptions({ maxKeys: 1 });
  settle();
  const afterEviction = (usedBytes() - beforeKeys) / 1024;

  console.log(
    table([
      ["implementation", "bytes / breaker", "ref'd timers / breaker", "all timers / breaker (incl. unref'd)"],
      ...rows.map((r) => [r.impl, fmt(r.bytesPerBreaker, 0), fmt(r.timersPerBreaker, 2), fmt(r.allTimersPerBreaker, 2)]),
    ]),
  );
  console.log(`\n(${BREAKERS} breakers each; heapUsed + arrayBuffers after gc; target ≤ 1024 B and 0 timers per breaker)\n`);
  console.log(table([["flat heap", "calls", "heap delta (bytes)"], ...flat.map((f) => [f.impl, f.calls, f.heapDeltaBytes])]));
  console.log(`\nper-user bulkhead: ${fmt(perKey, 0)} bytes per live key (${KEYS} keys, target ≤ 300); ${fmt(afterEviction, 0)} KiB left after evicting to 1 key`);

  writeResult("engine-memory", {
    settings: { breakers: BREAKERS, calls: CALLS, keys: KEYS },
    perBreaker: rows,
    flatHeap: flat,
    perUser: { keys: KEYS, bytesPerKey: perKey, kibAfterEviction: afterEviction },
  });
}

void main();
