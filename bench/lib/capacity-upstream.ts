/**
 * An HTTP upstream with a hard capacity: it serves `capacity` requests at once, each taking
 * `serviceMs`, and queues the rest FIFO, so latency grows with load exactly as a saturated
 * service's does. `setCapacity(n)` changes the capacity at run time (queued requests start at
 * once when it rises; requests already in service finish when it falls). A request whose client
 * goes away while queued leaves the queue. Every answer is 200 with `x-queue-ms` (time waited)
 * and a small JSON body.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface CapacityUpstreamOptions {
  capacity: number;
  /** Time each request spends in service once started (default 20 ms). */
  serviceMs?: number;
  host?: string;
  /** 0 (default) = any free port. */
  port?: number;
}

export interface CapacityUpstreamStats {
  capacity: number;
  active: number;
  queued: number;
  /** Most requests in service at once since start. */
  peakActive: number;
  served: number;
  /** Queued requests whose client went away before service. */
  abandoned: number;
}

export interface CapacityUpstream {
  readonly url: string;
  readonly port: number;
  setCapacity(n: number): void;
  stats(): CapacityUpstreamStats;
  close(): Promise<void>;
}

interface Pending {
  res: http.ServerResponse;
  arrivedAt: number;
}

function checkCapacity(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`capacity must be an integer ≥ 1 (got ${n})`);
  return n;
}

export async function startCapacityUpstream(o: CapacityUpstreamOptions): Promise<CapacityUpstream> {
  let capacity = checkCapacity(o.capacity);
  const serviceMs = o.serviceMs ?? 20;
  const queue: Pending[] = [];
  const s = { active: 0, peakActive: 0, served: 0, abandoned: 0 };

  const serve = (p: Pending): void => {
    s.active++;
    if (s.active > s.peakActive) s.peakActive = s.active;
    const queueMs = Date.now() - p.arrivedAt;
    setTimeout(() => {
      s.active--;
      s.served++;
      if (!p.res.destroyed) {
        const body = JSON.stringify({ queueMs, serviceMs });
        p.res.writeHead(200, { "content-type": "application/json", "x-queue-ms": String(queueMs), "content-length": Buffer.byteLength(body) });
        p.res.end(body);
      }
      drain();
    }, serviceMs);
  };

  const drain = (): void => {
    while (s.active < capacity && queue.length > 0) serve(queue.shift() as Pending);
  };

  const server = http.createServer((req, res) => {
    req.resume(); // the body is not needed; let the request finish
    const p: Pending = { res, arrivedAt: Date.now() };
    if (s.active < capacity && queue.length === 0) return serve(p);
    queue.push(p);
    res.on("close", () => {
      const i = queue.indexOf(p);
      if (i < 0) return;
      queue.splice(i, 1);
      s.abandoned++;
    });
  });
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port ?? 0, o.host ?? "127.0.0.1", () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;

  return {
    url: `http://${address}:${port}`,
    port,
    setCapacity(n: number): void {
      capacity = checkCapacity(n);
      drain();
    },
    stats: () => ({ capacity, active: s.active, queued: queue.length, peakActive: s.peakActive, served: s.served, abandoned: s.abandoned }),
    async close(): Promise<void> {
      for (const p of queue.splice(0)) p.res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
