/**
 * `per-user`: memory of the per-user bulkhead (lib/engine/bulkhead/per-user-bulkhead.ts) with
 * 100 000 distinct user keys, in-process, measured as heapUsed after forced GCs (node --expose-gc).
 * No reference implementation: there is nothing to alternate against, so each scenario is repeated
 * on a fresh bulkhead (after a warm-up repetition) and the median is reported.
 *
 *  A. bytes per live key, BUSY: maxKeys 100 000 (so that every key stays tracked), maxConcurrent 10;
 *     each of the 100 000 keys holds one lease (tryAcquire). Heap delta over an empty bulkhead,
 *     divided by 100 000. Counted in: the bulkhead's structures, the key strings (`user-<n>`, which
 *     the bulkhead keeps alive) and the lease objects the callers hold. Not counted: the array the
 *     bench keeps the leases in (preallocated before the baseline).
 *  B. bytes per live key, IDLE: the same bulkhead after every lease is released: 100 000 tracked
 *     idle keys (what stays after a burst of users, until evicted).
 *  C. idle eviction: a bulkhead with the default maxKeys 10 000; the 100 000 keys go through it in
 *     waves of 1 000 (each key acquires, the wave holds, then releases): every new key beyond
 *     10 000 evicts the least recently used idle key. Then every lease is released and a fresh small
 *     set of 1 000 new keys goes through. Reported: keys tracked / evicted, heap over baseline after
 *     the 100 000 keys and after the fresh set, against what 100 000 idle keys cost (scenario B) and
 *     against maxKeys × 300 B (the per-live-key target for the keys still tracked by design: the
 *     evicted keys must leave nothing behind). D: the same with maxKeys 1 000.
 */
import os from "node:os";
import { fmt, machine, median, table, writeResult, runMain } from "./lib/harness";
import { PerUserBulkhead } from "../lib/engine/bulkhead/per-user-bulkhead";
import type { BulkheadLease } from "../lib/engine/bulkhead/lease";

const loadAvgAtStart = os.loadavg();
const N = 100_000;
const REPS = 5;
const WAVE = 1_000;
const FRESH = 1_000;
const EVICT_MAX_KEYS = 10_000;
const SMALL_MAX_KEYS = 1_000;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error("run with node --expose-gc (npm run bench -- per-user does)");
  process.exit(2);
}
/** heapUsed after a turn of the event loop (pending microtasks/weak callbacks) and 4 × gc(). */
async function heap(): Promise<number> {
  await new Promise((r) => setImmediate(r));
  for (let i = 0; i < 4; i++) gc!();
  return process.memoryUsage().heapUsed;
}

export let keep: unknown; // keeps the bulkhead under measurement reachable across gc()

async function busyIdle(rep: number) {
  const leases: (BulkheadLease | null)[] = new Array<BulkheadLease | null>(N).fill(null);
  const b = new PerUserBulkhead({ maxConcurrent: 10, maxQueue: 0, maxKeys: N }, { name: "bench" });
  keep = b;
  const h0 = await heap();
  for (let i = 0; i < N; i++) {
    const l = b.tryAcquire(`user-${rep}-${i}`);
    if (!l) throw new Error(`key ${i} refused`);
    leases[i] = l;
  }
  const h1 = await heap();
  const busy = b.stats(0);
  for (let i = 0; i < N; i++) {
    leases[i]!.release();
    leases[i] = null;
  }
  const h2 = await heap();
  const idle = b.stats(0);
  if (busy.keys !== N || busy.active !== N || idle.keys !== N || idle.active !== 0) throw new Error(`unexpected stats ${JSON.stringify({ busy, idle })}`);
  keep = null;
  return { busyBytesPerKey: (h1 - h0) / N, idleBytesPerKey: (h2 - h0) / N, heapBusy: h1 - h0, heapIdle: h2 - h0 };
}

async function eviction(rep: number, maxKeys = EVICT_MAX_KEYS) {
  const leases: (BulkheadLease | null)[] = new Array<BulkheadLease | null>(WAVE).fill(null);
  const b = new PerUserBulkhead({ maxConcurrent: 10, maxQueue: 0, ...(maxKeys === EVICT_MAX_KEYS ? {} : { maxKeys }) }, { name: "bench" }); // default maxKeys 10 000
  if (b.options.maxKeys !== maxKeys) throw new Error(`maxKeys is ${b.options.maxKeys}`);
  keep = b;
  const h0 = await heap();
  let refused = 0;
  const wave = (prefix: string, from: number, count: number) => {
    for (let i = 0; i < count; i++) {
      const l = b.tryAcquire(`${prefix}-${from + i}`);
      if (!l) refused++;
      leases[i] = l ?? null;
    }
    for (let i = 0; i < count; i++) {
      leases[i]?.release();
      leases[i] = null;
    }
  };
  for (let w = 0; w < N; w += WAVE) wave(`user-${rep}`, w, WAVE);
  const h1 = await heap();
  const after100k = b.stats(0);
  wave(`fresh-${rep}`, 0, FRESH);
  const h2 = await heap();
  const afterFresh = b.stats(0);
  // every one of the fresh keys is tracked, and the oldest keys of the 100 000 are gone
  const freshTracked = Array.from({ length: FRESH }, (_, i) => b.keyStats(`fresh-${rep}-${i}`) !== undefined).every(Boolean);
  const oldestGone = b.keyStats(`user-${rep}-0`) === undefined && b.keyStats(`user-${rep}-${N - maxKeys}`) === undefined;
  keep = null;
  return {
    refused,
    after100k: { keys: after100k.keys, evicted: after100k.evicted, heapOverBaseline: h1 - h0 },
    afterFresh: { keys: afterFresh.keys, evicted: afterFresh.evicted, heapOverBaseline: h2 - h0, freshTracked, oldestGone },
  };
}

async function main(): Promise<void> {
  console.log(`machine: ${JSON.stringify(machine())}, load average ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  console.log(`${N} keys, ${REPS} repetitions after 1 warm-up (fresh bulkhead each)\n`);
  await busyIdle(-1);
  await eviction(-1);
  await eviction(-2, SMALL_MAX_KEYS);
  const bi: Awaited<ReturnType<typeof busyIdle>>[] = [];
  const ev: Awaited<ReturnType<typeof eviction>>[] = [];
  const evSmall: Awaited<ReturnType<typeof eviction>>[] = [];
  for (let r = 0; r < REPS; r++) {
    const a = await busyIdle(r);
    const e = await eviction(r);
    evSmall.push(await eviction(r + 100, SMALL_MAX_KEYS));
    bi.push(a);
    ev.push(e);
    console.log(
      `rep ${r + 1}: busy ${fmt(a.busyBytesPerKey, 0)} B/key, idle ${fmt(a.idleBytesPerKey, 0)} B/key; eviction: after 100k ${e.after100k.keys} keys (${e.after100k.evicted} evicted) +${fmt(e.after100k.heapOverBaseline / 1024, 0)} KB, after fresh ${FRESH}: ${e.afterFresh.keys} keys +${fmt(e.afterFresh.heapOverBaseline / 1024, 0)} KB`,
    );
  }
  const busy = median(bi.map((x) => x.busyBytesPerKey));
  const idle = median(bi.map((x) => x.idleBytesPerKey));
  const heapIdle100k = median(bi.map((x) => x.heapIdle));
  const after100k = median(ev.map((x) => x.after100k.heapOverBaseline));
  const afterFresh = median(ev.map((x) => x.afterFresh.heapOverBaseline));
  const afterFreshSmall = median(evSmall.map((x) => x.afterFresh.heapOverBaseline));
  // "returns to baseline": the evicted keys leave nothing behind — what remains is at most the
  // per-live-key target (300 B) for each of the maxKeys keys still tracked by design
  const bound = EVICT_MAX_KEYS * 300;
  const boundSmall = SMALL_MAX_KEYS * 300;
  const keysOk = ev.every((e) => e.after100k.keys === EVICT_MAX_KEYS && e.after100k.evicted === N - EVICT_MAX_KEYS && e.afterFresh.keys === EVICT_MAX_KEYS && e.afterFresh.freshTracked && e.afterFresh.oldestGone && e.refused === 0) &&
    evSmall.every((e) => e.afterFresh.keys === SMALL_MAX_KEYS && e.after100k.evicted === N - SMALL_MAX_KEYS && e.afterFresh.freshTracked && e.afterFresh.oldestGone && e.refused === 0);
  const returns = keysOk && afterFresh <= bound && afterFreshSmall <= boundSmall;
  console.log(`returns to baseline after eviction: ${returns ? "yes" : "NO"}`);

  const rows: (string | number)[][] = [
    ["figure", "median", "per repetition", "target", ""],
    ["A. bytes per live key, busy (1 lease held per key)", fmt(busy, 0), bi.map((x) => fmt(x.busyBytesPerKey, 0)).join(" / "), "≤ 300", busy <= 300 ? "met" : "MISSED"],
    ["B. bytes per live key, idle (tracked, no lease)", fmt(idle, 0), bi.map((x) => fmt(x.idleBytesPerKey, 0)).join(" / "), "≤ 300", idle <= 300 ? "met" : "MISSED"],
    ["   heap of 100 000 idle tracked keys", `${fmt(heapIdle100k / 1048576, 2)} MB`, "", "(info)", ""],
    [`C. heap over baseline after 100 000 keys, maxKeys ${EVICT_MAX_KEYS}`, `${fmt(after100k / 1048576, 2)} MB`, ev.map((x) => fmt(x.after100k.heapOverBaseline / 1048576, 2)).join(" / "), "(info)", ""],
    [`C. … after release + ${FRESH} fresh keys`, `${fmt(afterFresh / 1048576, 2)} MB`, ev.map((x) => fmt(x.afterFresh.heapOverBaseline / 1048576, 2)).join(" / "), `≤ maxKeys × 300 B = ${fmt(bound / 1048576, 2)} MB`, afterFresh <= bound ? "met" : "MISSED"],
    ["C. … per key still tracked", `${fmt(afterFresh / EVICT_MAX_KEYS, 0)} B`, "", "(info)", ""],
    [`C. … as a share of 100 000 idle tracked keys`, `${fmt((100 * afterFresh) / heapIdle100k, 1)} %`, "", "(info)", ""],
    [`D. maxKeys ${SMALL_MAX_KEYS}: heap over baseline after 100 000 + ${FRESH} fresh keys`, `${fmt(afterFreshSmall / 1024, 0)} KB`, evSmall.map((x) => fmt(x.afterFresh.heapOverBaseline / 1024, 0)).join(" / "), `≤ ${fmt(boundSmall / 1024, 0)} KB`, afterFreshSmall <= boundSmall ? "met" : "MISSED"],
    ["C. keys tracked / evicted after 100 000 keys", `${ev[0]!.after100k.keys} / ${ev[0]!.after100k.evicted}`, "", `${EVICT_MAX_KEYS} / ${N - EVICT_MAX_KEYS}`, keysOk ? "met" : "MISSED"],
  ];
  console.log("\n" + table(rows));
  writeResult("per-user", {
    settings: { keys: N, repetitions: REPS, wave: WAVE, fresh: FRESH, evictionMaxKeys: EVICT_MAX_KEYS, nodeFlags: process.execArgv },
    loadAverage: { atStart: loadAvgAtStart, atEnd: os.loadavg(), note: "1/5/15-min load averages (the machine is shared with other engineers' tests)" },
    notes: [
      "heap = process.memoryUsage().heapUsed after 4 × gc(); deltas over an empty bulkhead created just before",
      "busy: maxKeys 100 000, each key holds 1 lease (lease objects counted, the array holding them preallocated before the baseline); key strings `user-<rep>-<n>` counted (the bulkhead keeps them alive)",
      "idle: the same bulkhead after releasing every lease",
      "eviction: default maxKeys 10 000, 100 000 keys in waves of 1 000 (acquire all, release all), then 1 000 fresh keys; 'returns to baseline' = the evicted keys retain nothing: heap over baseline ≤ maxKeys × 300 B (the per-live-key target for the keys still tracked by design), the tracked set is exactly maxKeys, the oldest keys are gone and the fresh ones tracked; repeated with maxKeys 1 000 (D)",
    ],
    samples: { busyIdle: bi, eviction: ev, evictionSmallMaxKeys: evSmall },
    medians: { busyBytesPerKey: busy, idleBytesPerKey: idle, heapIdle100k, evictionHeapAfter100k: after100k, evictionHeapAfterFresh: afterFresh, evictionSmallHeapAfterFresh: afterFreshSmall },
    ratios: {
      "bytes per busy key": { value: busy, target: "≤ 300", ok: busy <= 300 },
      "bytes per idle key": { value: idle, target: "≤ 300", ok: idle <= 300 },
      "heap after eviction, maxKeys 10 000 (bytes over baseline)": { value: afterFresh, target: `≤ ${bound}`, ok: afterFresh <= bound && keysOk },
      "heap after eviction, maxKeys 1 000 (bytes over baseline)": { value: afterFreshSmall, target: `≤ ${boundSmall}`, ok: afterFreshSmall <= boundSmall && keysOk },
    },
  });
}

runMain(main);
