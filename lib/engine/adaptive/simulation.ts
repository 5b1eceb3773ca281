/**
 * Test support: a simulated upstream on an injected clock and a closed-loop load generator that
 * runs calls through a bulkhead and feeds their RTTs to a limiter. Deterministic on a FakeClock.
 */
import type { Clock } from "../clock";
import { createBulkhead, type Bulkhead } from "../bulkhead/bulkhead";
import { FakeClock } from "../fake-clock";
import type { AdaptiveLimiter, LimitChangeEvent, SampleOutcome } from "./types";

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

export interface FeedOptions {
  /** Samples in the window (default 20). */
  count?: number;
  rttMs: number;
  inflight: number;
  outcome?: SampleOutcome;
  /** Replaces the i-th sample's RTT and/or outcome. */
  vary?: (i: number) => { rttMs?: number; outcome?: SampleOutcome } | undefined;
}

/**
 * Feeds `count` samples (identical unless `vary` says otherwise) spread over `windowMs` on whole
 * milliseconds, the last exactly `windowMs` after the first, so it closes the window.
 */
export function feedWindow(limiter: AdaptiveLimiter, clock: FakeClock, windowMs: number, o: FeedOptions): void {
  const count = o.count ?? 20;
  let elapsed = 0;
  for (let i = 0; i < count; i++) {
    const at = count > 1 ? Math.ceil((i * windowMs) / (count - 1)) : windowMs;
    clock.advance(at - elapsed);
    elapsed = at;
    const v = o.vary?.(i);
    limiter.onSample(v?.rttMs ?? o.rttMs, v?.outcome ?? o.outcome ?? "success", o.inflight);
  }
}

/** Records a limiter's limitChange events and feeds it whole windows. */
/** A limiter built by `make` on a fresh FakeClock, with its limit changes recorded and a feed(). */
export function watched<L extends AdaptiveLimiter & { readonly options: { sampleWindowMs: number } }>(make: (clock: FakeClock) => L) {
  const clock = new FakeClock();
  const limiter = make(clock);
  return { clock, limiter, ...watch(limiter, clock) };
}

/** A scenario on a fresh FakeClock, for the limiter `make` builds on it. */
export function simulate(make: (clock: FakeClock) => AdaptiveLimiter & { readonly options: { sampleWindowMs: number } }, o: Parameters<typeof scenario>[2]) {
  const clock = new FakeClock();
  return scenario(clock, make(clock), o);
}

export function watch(limiter: AdaptiveLimiter & { readonly options: { sampleWindowMs: number } }, clock: FakeClock) {
  const events: LimitChangeEvent[] = [];
  limiter.on("limitChange", (e) => events.push(e));
  return { events, feed: (o: FeedOptions) => feedWindow(limiter, clock, limiter.options.sampleWindowMs, o) };
}

/** Every value within [lo, hi]. */
export const within = (xs: number[], lo: number, hi: number): boolean => xs.every((x) => x >= lo && x <= hi);

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
