/**
 * Test support: a simulated upstream on an injected clock and a closed-loop load generator that
 * runs calls through a bulkhead and feeds their RTTs to a limiter. Deterministic on a FakeClock.
 */
import type { Clock } from "../clock";
import { createBulkhead, type Bulkhead } from "../bulkhead/bulkhead";
import type { FakeClock } from "../fake-clock";
import type { AdaptiveLimiter, SampleOutcome } from "./types";

/** Serves `capacity` calls at once, `serviceMs` each; the rest wait FIFO (latency grows with load). */
export class SimulatedUpstream {
  private busy = 0;
  private readonly waiting: (() => void)[] = [];
  served = 0;

  constructor(
    private readonly clock: Clock,
    public capacity: number,
    public serviceMs = 20,
  ) {}

  /** Calls waiting for a server slot. */
  get queued(): number {
    return this.waiting.length;
  }

  call(): Promise<void> {
    return new Promise((resolve) => {
      const start = (): void => {
        this.busy++;
        this.clock.setTimeout(() => {
          this.busy--;
          this.served++;
          resolve();
          this.next();
        }, this.serviceMs);
      };
      if (this.busy < this.capacity) start();
      else this.waiting.push(start);
    });
  }

  setCapacity(n: number): void {
    this.capacity = n;
    this.next();
  }

  private next(): void {
    while (this.busy < this.capacity && this.waiting.length > 0) this.waiting.shift()?.();
  }
}

export interface Load {
  stop(): void;
}

/**
 * `clients` callers, each calling again as soon as its previous call ends. A call waits in the
 * bulkhead (which follows the limiter), then its RTT at the upstream is reported to the limiter,
 * with `outlier` optionally replacing one RTT.
 */
export function startLoad(o: {
  clock: Clock;
  bulkhead: Bulkhead;
  limiter: AdaptiveLimiter;
  upstream: SimulatedUpstream;
  clients: number;
  rttOf?: (rttMs: number) => number;
}): Load {
  let stopped = false;
  const one = async (): Promise<void> => {
    const lease = await o.bulkhead.acquire();
    const inflight = o.bulkhead.stats().active;
    const started = o.clock.now();
    await o.upstream.call();
    const rtt = o.clock.now() - started;
    o.limiter.onSample(o.rttOf ? o.rttOf(rtt) : rtt, "success", inflight);
    lease.release();
  };
  const client = async (): Promise<void> => {
    while (!stopped) await one();
  };
  for (let i = 0; i < o.clients; i++) void client();
  return {
    stop: () => {
      stopped = true;
    },
  };
}

/**
 * Feeds `count` samples (identical unless `vary` says otherwise) spread evenly over `windowMs`, so the last one closes the
 * window; `advance` moves the clock.
 */
export function feedWindow(
  limiter: AdaptiveLimiter,
  advance: (ms: number) => void,
  o: {
    windowMs: number;
    count: number;
    rttMs: number;
    inflight: number;
    outcome?: SampleOutcome;
    /** Replaces the i-th sample's RTT and/or outcome. */
    vary?: (i: number) => { rttMs?: number; outcome?: SampleOutcome } | undefined;
  },
): void {
  let elapsed = 0;
  for (let i = 0; i < o.count; i++) {
    // whole milliseconds, with the last sample exactly windowMs after the first
    const at = o.count > 1 ? Math.ceil((i * o.windowMs) / (o.count - 1)) : o.windowMs;
    advance(at - elapsed);
    elapsed = at;
    const v = o.vary?.(i);
    limiter.onSample(v?.rttMs ?? o.rttMs, v?.outcome ?? o.outcome ?? "success", o.inflight);
  }
}

/**
 * A limiter behind a bulkhead in front of a simulated upstream of `capacity`, loaded by
 * `clients` closed-loop callers. `windows(n)` advances n sample windows and returns the limit
 * after each.
 */
export function scenario(
  clock: FakeClock,
  limiter: AdaptiveLimiter & { readonly options: { sampleWindowMs: number } },
  o: { capacity: number; clients?: number; rttOf?: (rttMs: number) => number },
) {
  const bulkhead = createBulkhead({ maxQueue: 10_000, queueTimeoutMs: 0 }, { clock, limit: limiter });
  const upstream = new SimulatedUpstream(clock, o.capacity);
  const load = startLoad({ clock, bulkhead, limiter, upstream, clients: o.clients ?? 300, rttOf: o.rttOf });
  return {
    bulkhead,
    upstream,
    load,
    async windows(n: number): Promise<number[]> {
      const limits: number[] = [];
      for (let i = 0; i < n; i++) {
        await clock.advanceAsync(limiter.options.sampleWindowMs);
        limits.push(limiter.limit);
      }
      return limits;
    },
  };
}
