/**
 * `cluster`: what cluster mode costs and how fast it propagates (bench/RESULTS.md, section `cluster`).
 *  - cluster: two Breakwater instances (production, PostgreSQL, REDIS_URL → a private redis-server
 *    started here on a free port, never the system Redis);
 *  - single:  the same two instances without Redis (PostgreSQL, no REDIS_URL).
 * Gateway load: autocannon against both instances at once (2 × 25 connections, proxied 1 KB GET,
 * every breaker closed), 10 s × 3 rounds after a warm-up, alternating which pair goes first.
 * Reported: Redis commands per proxied request while closed (INFO commandstats, total calls delta
 * over a round / requests in the round), time from a force on A (POST sent) to the first
 * 503 circuit_open on B (B polled in a tight loop of gateway requests), p50/p99 over 30 forces,
 * and the req/s ratio cluster / single (per round, median).
 * BENCH_DURATION_S, BENCH_ROUNDS, BENCH_WARMUP_S, BENCH_CONNECTIONS, BENCH_FORCES override the
 * defaults for a quick run; the recorded run uses the defaults.
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freshPostgres } from "../tests/helpers/databases";
import { fmt, machine, median, table, writeResult, runMain } from "./lib/harness";
import { startRedis } from "./lib/private-redis";
import { login, startBreakwater } from "./lib/breakwater";
import {
  ensureBuild,
  load,
  pct,
  sleep,
  startScript,
  type Child,
  type LoadResult,
} from "./lib/http-bench";

const loadAvgAtStart = os.loadavg();
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 25); // per instance
const FORCES = Number(process.env.BENCH_FORCES ?? 30);
const BODY_BYTES = 1024;

const procs = new Set<ChildProcess>();
process.once("exit", () => {
  for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill("SIGKILL");
});

const totalOf = (s: Record<string, number>) => Object.values(s).reduce((a, b) => a + b, 0);
const diff = (a: Record<string, number>, b: Record<string, number>) =>
  Object.fromEntries(
    Object.keys(b)
      .map((k) => [k, (b[k] ?? 0) - (a[k] ?? 0)])
      .filter(([, v]) => (v as number) > 0),
  );

// ------------------------------------------------------------------------------- Breakwater

interface Instance {
  url: string;
  cookie: string;
  serviceUrl(service: string, p?: string): string;
  stop(): Promise<void>;
}

async function startInstance(env: Record<string, string>): Promise<Instance> {
  const { DATABASE_URL, ...rest } = env;
  const bw = await startBreakwater({ databaseUrl: DATABASE_URL!, env: rest });
  return { url: bw.base, cookie: await login(bw.base), serviceUrl: bw.serviceUrl, stop: bw.stop };
}

async function api(i: Instance, method: string, p: string, body?: unknown): Promise<any> {
  const r = await fetch(i.url + p, {
    method,
    headers: {
      cookie: i.cookie,
      origin: i.url,
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (r.status >= 300) throw new Error(`${method} ${p}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Both instances under load at once; the pair's req/s is the sum. */
async function pairLoad(
  pair: Instance[],
  durationS: number,
): Promise<{ reqPerSec: number; perInstance: LoadResult[] }> {
  const perInstance = await Promise.all(
    pair.map((i) => load(i.serviceUrl("bench", "/data"), { connections: CONNECTIONS, durationS })),
  );
  return { reqPerSec: perInstance.reduce((a, r) => a + r.reqPerSec, 0), perInstance };
}

async function waitUntil(
  fn: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await sleep(20);
  }
}

async function main(): Promise<void> {
  console.log(`machine: ${JSON.stringify(machine())}`);
  console.log(
    `autocannon 2 × ${CONNECTIONS} connections, ${DURATION_S} s × ${ROUNDS} rounds after ${WARMUP_S} s warm-up per pair (alternating order); ${FORCES} forces\n`,
  );
  await ensureBuild();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bw-bench-cluster-"));
  const instances: Instance[] = [];
  const dbs: { drop: () => Promise<void> }[] = [];
  let upstream: Child | undefined;
  let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
  try {
    upstream = await startScript("bench/ref/upstream.ts", {
      UPSTREAM_BODY_BYTES: String(BODY_BYTES),
    });
    const upstreamUrl = `http://127.0.0.1:${upstream.port}`;
    const configFile = path.join(tmp, "services.yaml");
    fs.writeFileSync(
      configFile,
      `services:\n  - name: bench\n    baseUrl: ${upstreamUrl}\n    bulkhead: { maxConcurrent: 1000, maxQueue: 50 }\n  - name: prop\n    baseUrl: ${upstreamUrl}\n    retry: { maxAttempts: 1 }\n`,
    );
    redis = await startRedis();
    const ns = `bench-${randomBytes(3).toString("hex")}`;
    const clusterDb = await freshPostgres();
    dbs.push(clusterDb);
    const singleDb = await freshPostgres();
    dbs.push(singleDb);
    const cluster: Instance[] = [];
    const single: Instance[] = [];
    for (const id of ["a", "b"]) {
      const i = await startInstance({
        DATABASE_URL: clusterDb.url,
        BREAKWATER_CONFIG: configFile,
        REDIS_URL: `redis://127.0.0.1:${redis.port}`,
        BREAKWATER_REDIS_NAMESPACE: ns,
        BREAKWATER_INSTANCE_ID: `${ns}-${id}`,
      });
      cluster.push(i);
      instances.push(i);
    }
    for (let n = 0; n < 2; n++) {
      const i = await startInstance({ DATABASE_URL: singleDb.url, BREAKWATER_CONFIG: configFile });
      single.push(i);
      instances.push(i);
    }
    for (const i of cluster) {
      await waitUntil(
        async () => {
          const st = await api(i, "GET", "/api/v1/cluster");
          return st.degraded === false && st.instances.filter((x: any) => x.healthy).length === 2;
        },
        15_000,
        "both cluster instances healthy",
      );
    }
    for (const i of instances) {
      const r = await fetch(i.serviceUrl("bench", "/data"));
      if (r.status !== 200 || (await r.arrayBuffer()).byteLength !== BODY_BYTES)
        throw new Error(`${i.url}: bench service not served`);
    }

    const pairs = { cluster, single } as const;
    type Pair = keyof typeof pairs;
    if (WARMUP_S > 0) {
      for (const p of ["cluster", "single"] as Pair[])
        console.log(
          `warm-up ${p}: ${fmt((await pairLoad(pairs[p], WARMUP_S)).reqPerSec, 0)} req/s`,
        );
    }

    const samples: Record<Pair, { reqPerSec: number; perInstance: LoadResult[] }[]> = {
      cluster: [],
      single: [],
    };
    const redisRounds: {
      commands: number;
      requests: number;
      perRequest: number;
      perSecond: number;
      byCommand: Record<string, number>;
    }[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const order: Pair[] = r % 2 === 0 ? ["cluster", "single"] : ["single", "cluster"];
      for (const p of order) {
        await sleep(500);
        const before = p === "cluster" ? await redis.stats() : {};
        const startedAt = performance.now();
        const s = await pairLoad(pairs[p], DURATION_S);
        const elapsedS = (performance.now() - startedAt) / 1000;
        samples[p].push(s);
        let extra = "";
        if (p === "cluster") {
          const after = await redis.stats();
          const byCommand = diff(before, after);
          byCommand.info = Math.max(0, (byCommand.info ?? 0) - 1); // our own INFO
          const commands = totalOf(byCommand);
          const requests = s.perInstance.reduce((a, x) => a + x.responses, 0);
          redisRounds.push({
            commands,
            requests,
            perRequest: commands / requests,
            perSecond: commands / elapsedS,
            byCommand,
          });
          extra = `  redis: ${commands} commands / ${requests} requests = ${fmt(commands / requests, 4)} per request (${fmt(commands / elapsedS, 1)}/s: ${Object.entries(
            byCommand,
          )
            .map(([k, v]) => `${k} ${v}`)
            .join(", ")})`;
        }
        const bad = s.perInstance.reduce((a, x) => a + x.non2xx + x.errors + x.timeouts, 0);
        console.log(
          `round ${r + 1} ${p.padEnd(8)} ${fmt(s.reqPerSec, 0).padStart(6)} req/s (${s.perInstance.map((x) => fmt(x.reqPerSec, 0)).join(" + ")})${bad ? `  non-2xx/errors ${bad}` : ""}${extra}`,
        );
      }
    }

    // ---- propagation: force on A, first 503 circuit_open on B
    const [A, B] = cluster as [Instance, Instance];
    const propagation: { ms: number; forceApiMs: number; polls: number }[] = [];
    for (let f = 0; f < FORCES; f++) {
      await sleep(100 + Math.random() * 100);
      const t0 = performance.now();
      let forceApiMs = NaN;
      const forced = api(A, "POST", "/api/v1/breakers/prop/force", {
        state: "open",
        reason: `bench propagation ${f + 1}`,
      }).then(() => (forceApiMs = performance.now() - t0));
      let polls = 0;
      let ms = NaN;
      for (;;) {
        const r = await fetch(B.serviceUrl("prop", "/data"));
        await r.arrayBuffer();
        polls++;
        if (r.status === 503 && r.headers.get("x-breakwater-reason") === "circuit_open") {
          ms = performance.now() - t0;
          break;
        }
        if (performance.now() - t0 > 10_000)
          throw new Error(`force ${f + 1}: B did not reject within 10 s`);
      }
      await forced;
      propagation.push({ ms, forceApiMs, polls });
      await api(A, "DELETE", "/api/v1/breakers/prop/force");
      await waitUntil(
        async () => {
          const r = await fetch(B.serviceUrl("prop", "/data"));
          await r.arrayBuffer();
          return r.status === 200;
        },
        10_000,
        "B serving again after the lift",
      );
    }
    const prop = propagation.map((p) => p.ms).sort((a, b) => a - b);
    const forceApi = propagation.map((p) => p.forceApiMs).sort((a, b) => a - b);
    console.log(
      `\npropagation force on A → first 503 on B over ${FORCES} forces: p50 ${fmt(pct(prop, 50), 2)} ms, p99 ${fmt(pct(prop, 99), 2)} ms, max ${fmt(prop[prop.length - 1]!, 2)} ms (force API p50 ${fmt(pct(forceApi, 50), 2)} ms)`,
    );

    const medRps = (p: Pair) => median(samples[p].map((s) => s.reqPerSec));
    const rpsRatio = median(
      samples.cluster.map((s, i) => s.reqPerSec / (samples.single[i]?.reqPerSec ?? NaN)),
    );
    const cmdsPerReq = median(redisRounds.map((r) => r.perRequest));
    const ratios = {
      "Redis commands per proxied request (closed)": {
        value: cmdsPerReq,
        target: "≤ 0.01",
        ok: cmdsPerReq <= 0.01,
      },
      "propagation p99 (ms)": { value: pct(prop, 99), target: "≤ 100", ok: pct(prop, 99) <= 100 },
      "propagation p50 (ms)": { value: pct(prop, 50), target: "—", ok: true },
      "req/s cluster / single": { value: rpsRatio, target: "≥ 0.95", ok: rpsRatio >= 0.95 },
    };
    const rows: (string | number)[][] = [["pair", "median req/s (A + B)", "req/s per round"]];
    for (const p of ["cluster", "single"] as Pair[])
      rows.push([p, fmt(medRps(p), 0), samples[p].map((s) => fmt(s.reqPerSec, 0)).join(" / ")]);
    console.log("\n" + table(rows));
    const figureRows: (string | number)[][] = [["figure", "value", "target", ""]];
    for (const [k, v] of Object.entries(ratios))
      figureRows.push([
        k,
        fmt(v.value, k.startsWith("Redis") ? 4 : 2),
        v.target,
        v.target === "—" ? "" : v.ok ? "met" : "MISSED",
      ]);
    console.log("\n" + table(figureRows));

    writeResult("cluster", {
      settings: {
        connectionsPerInstance: CONNECTIONS,
        durationS: DURATION_S,
        rounds: ROUNDS,
        warmupS: WARMUP_S,
        forces: FORCES,
        bodyBytes: BODY_BYTES,
        cluster:
          "2 × server/index.ts (production, LOG_LEVEL=warn), one PostgreSQL database, REDIS_URL → private redis-server (--save '' --appendonly no)",
        single:
          "2 × server/index.ts (production, LOG_LEVEL=warn), another PostgreSQL database, no REDIS_URL",
        services:
          "bench (bulkhead 1000/50, other settings default) under load; prop (retry 1) forced/lifted for propagation",
      },
      loadAverage: {
        atStart: loadAvgAtStart,
        atEnd: os.loadavg(),
        note: "1/5/15-min load averages; the machine (2 cores) is shared with other work",
      },
      notes: [
        "all four instances, the upstream, Redis and autocannon (in this process) share the machine's cores",
        "Redis commands do not depend on the request rate while breakers are closed (heartbeat multi/zadd/zremrangebyscore/zrange/exec each second, window summaries hset/pexpire/hgetall every 250 ms while counters move): commands per request = commands per second / req/s, so it falls as throughput rises; both figures are recorded",
        "Redis commands: INFO commandstats calls delta over each cluster round (minus our own INFO), divided by the responses of both instances in that round; it includes heartbeats, window exchange and Socket.IO adapter traffic",
        "propagation: time from sending POST /api/v1/breakers/prop/force to A until the first gateway answer of B with 503 circuit_open (B polled with back-to-back requests on keep-alive)",
        "req/s ratio: per round (cluster and single adjacent in time), median over rounds",
      ],
      samples: {
        cluster: samples.cluster,
        single: samples.single,
        redis: redisRounds,
        propagation,
      },
      medians: {
        cluster: { reqPerSec: medRps("cluster") },
        single: { reqPerSec: medRps("single") },
        commandsPerRequest: cmdsPerReq,
        redisCommandsPerSecond: median(redisRounds.map((r) => r.perSecond)),
        propagationMs: { p50: pct(prop, 50), p99: pct(prop, 99), max: prop[prop.length - 1] },
        forceApiMs: { p50: pct(forceApi, 50), p99: pct(forceApi, 99) },
      },
      ratios,
    });
  } finally {
    await Promise.all(instances.map((i) => i.stop().catch(() => undefined)));
    await upstream?.stop();
    redis?.stop();
    for (const d of dbs) await d.drop().catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

runMain(main);
