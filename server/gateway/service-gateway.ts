// One declared service at run time: its breaker, bulkheads, retry policy, pipeline and upstream pool.
// Editing a service updates these in place, so the breaker keeps its state and window when it can.
import { Pool } from "undici";
import { Bulkhead } from "@/lib/engine/bulkhead/bulkhead";
import type { AdaptiveLimiter } from "@/lib/engine/adaptive/types";
import { createAdaptiveLimiter } from "@/lib/engine/adaptive/create";
import { PerUserBulkhead } from "@/lib/engine/bulkhead/per-user-bulkhead";
import type { BreakerGuard } from "@/lib/engine/breaker/circuit-breaker";
import { sameWindow } from "@/lib/engine/breaker/options";
import { RetryPolicy } from "@/lib/engine/retry/retry";
import { Pipeline } from "@/lib/engine/policy";
import type { Clock } from "@/lib/engine/clock";
import type { Service } from "@/lib/contracts/services";
import type { BreakerRegistry } from "../breakers/registry";
import type { Classifier } from "@/lib/engine/retry/classify";
import { upstreamClassifier } from "./classify";
import type { UpstreamCall } from "./upstream-call";
import { parseUserKeySource, type UserKeySource } from "./user-key";

export interface ServiceGatewayDeps {
  clock: Clock;
  /** The owner of the service's breaker: it is created, configured and removed there. */
  breakers: BreakerRegistry;
  /** A persisted breaker snapshot to start from (crash recovery). */
  breakerSnapshot?: unknown;
  /** Called whenever the parts are (re)built, so listeners can be (re)attached. */
  onParts?: (sg: ServiceGateway, changed: { perUser: boolean }) => void;
  /** Called when the adaptive limiter is created, replaced or removed (pins are re-applied there). */
  onAdaptive?: (sg: ServiceGateway) => void;
}

/** Keep-alive connections per upstream origin. */
const POOL_CONNECTIONS = 128;

export class ServiceGateway {
  service: Service;
  /** Read-only: the BreakerRegistry owns the breaker; the pipeline only asks it for permits. */
  readonly breaker: BreakerGuard;
  readonly bulkhead: Bulkhead;
  perUser: PerUserBulkhead | undefined;
  /** The bulkhead's limit source when `bulkhead.adaptive` is set (fed by every upstream attempt). */
  adaptive: AdaptiveLimiter | undefined = undefined;
  retry: RetryPolicy;
  pipeline: Pipeline;
  pool: Pool;
  origin: string;
  basePath: string;
  userKey: UserKeySource | undefined;
  failureStatuses: Set<number>;
  retryStatuses: Set<number>;
  /** How an attempt counts (breaker, retries), from failureStatuses and retryStatuses. */
  classify: Classifier<UpstreamCall>;

  /** The service's clock (Retry-After dates). */
  private readonly now: () => number;

  constructor(service: Service, private readonly deps: ServiceGatewayDeps) {
    this.service = service;
    this.now = () => deps.clock.now();
    const { clock } = deps;
    this.breaker = deps.breakers.create(service.name, service.breaker, { snapshot: deps.breakerSnapshot, tripQuorum: service.cluster.tripQuorum });
    this.bulkhead = new Bulkhead(service.bulkhead, { name: service.name, clock });
    this.adaptive = adaptiveFor(undefined, undefined, service, clock);
    this.bulkhead.setLimitSource(this.adaptive);
    this.perUser = service.perUserBulkhead ? new PerUserBulkhead(service.perUserBulkhead, { name: service.name, clock }) : undefined;
    this.retry = new RetryPolicy(service.retry, { name: service.name, clock });
    this.pipeline = this.buildPipeline();
    const u = new URL(service.baseUrl);
    this.origin = u.origin;
    this.basePath = u.pathname === "/" ? "" : u.pathname;
    this.pool = newPool(this.origin);
    this.userKey = service.perUserBulkhead ? parseUserKeySource(service.perUserBulkhead.key) : undefined;
    this.failureStatuses = new Set(service.breaker.failureStatusCodes);
    this.retryStatuses = new Set(service.retry.retryOn);
    this.classify = upstreamClassifier(this.failureStatuses, this.retryStatuses, this.now);
    deps.onParts?.(this, { perUser: true });
    if (this.adaptive) deps.onAdaptive?.(this);
  }

  private buildPipeline(): Pipeline {
    return new Pipeline({
      name: this.service.name,
      clock: this.deps.clock,
      breaker: this.breaker,
      perUser: this.perUser,
      bulkhead: this.bulkhead,
      retry: this.retry,
      timeoutMs: this.service.timeoutMs,
    });
  }

  /**
   * Applies an edited service. The breaker keeps its state; its window is kept unless the window's
   * shape changed (then it starts empty). Bulkhead limits change in place (running calls finish).
   */
  update(next: Service): { breakerWindowReset: boolean } {
    const prev = this.service;
    this.service = next;
    const windowKept = sameWindow(prev.breaker.window, next.breaker.window);
    this.deps.breakers.configure(next.name, next.breaker, next.cluster.tripQuorum);
    this.bulkhead.updateOptions(next.bulkhead);
    const limiter = adaptiveFor(this.adaptive, prev, next, this.deps.clock);
    if (limiter !== this.adaptive) {
      this.adaptive = limiter;
      this.bulkhead.setLimitSource(limiter);
      this.deps.onAdaptive?.(this);
    }
    let perUserChanged = false;
    if (next.perUserBulkhead && this.perUser) {
      this.perUser.updateOptions(next.perUserBulkhead);
    } else if (next.perUserBulkhead) {
      this.perUser = new PerUserBulkhead(next.perUserBulkhead, { name: next.name, clock: this.deps.clock });
      perUserChanged = true;
    } else if (this.perUser) {
      this.perUser = undefined;
      perUserChanged = true;
    }
    this.retry.updateOptions(next.retry);
    this.pipeline = this.buildPipeline();
    const u = new URL(next.baseUrl);
    if (u.origin !== this.origin) {
      const old = this.pool;
      this.pool = newPool(u.origin);
      this.origin = u.origin;
      void old.close().catch(() => undefined);
    }
    this.basePath = u.pathname === "/" ? "" : u.pathname;
    this.userKey = next.perUserBulkhead ? parseUserKeySource(next.perUserBulkhead.key) : undefined;
    this.failureStatuses = new Set(next.breaker.failureStatusCodes);
    this.retryStatuses = new Set(next.retry.retryOn);
    this.classify = upstreamClassifier(this.failureStatuses, this.retryStatuses, this.now);
    this.deps.onParts?.(this, { perUser: perUserChanged });
    return { breakerWindowReset: !windowKept };
  }

  async close(): Promise<void> {
    await this.pool.close().catch(() => undefined);
  }
}

function newPool(origin: string): Pool {
  return new Pool(origin, {
    connections: POOL_CONNECTIONS,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    // time to headers is the engine's per-attempt timeout (through the attempt's cancellation); a body
    // may stream for long but not stall: the gateway's BodyStallWatch (body-stall.ts) ends it after 5
    // minutes without a byte (undici's own body timer is off: it costs a long-lived object per response)
    headersTimeout: 0,
    bodyTimeout: 0,
  });
}

/**
 * The limiter for `next`: the current one while `bulkhead.adaptive` is unchanged, a new one (from
 * initialLimit) when it changed, none when it was removed.
 */
function adaptiveFor(current: AdaptiveLimiter | undefined, prev: Service | undefined, next: Service, clock: Clock): AdaptiveLimiter | undefined {
  const options = next.bulkhead.adaptive;
  if (!options) return undefined;
  if (current && prev && JSON.stringify(prev.bulkhead.adaptive) === JSON.stringify(options)) return current;
  return createAdaptiveLimiter(options, { name: next.name, clock });
}
