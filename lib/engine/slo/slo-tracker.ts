import { systemClock, type Clock } from "../clock";
import { BucketRing, lookbackSum } from "./bucket-ring";
import { markDirty, OpenBucket, type Dirty } from "./open-bucket";
import { projectExhaustion } from "./exhaustion";
import {
  BURN_WINDOWS,
  evaluateBurnAlerts,
  lookbacks,
  shouldTripBreaker,
  type BurnAlertEvaluation,
  type BurnRates,
  type BurnWindow,
} from "./burn";
import { budgetFraction, sloDefinitionSchema, type SloDefinition, type SloDefinitionInput } from "./options";
import {
  SLO_RESOLUTIONS,
  sloSnapshotSchema,
  type SloBucketRow,
  type SloBucketTuple,
  type SloResolution,
  type SloSnapshot,
} from "./snapshot";

export const FINE_RESOLUTION_MS = SLO_RESOLUTIONS["10s"];
export const COARSE_RESOLUTION_MS = SLO_RESOLUTIONS["1m"];
/** The fine (10 s) ring covers at most the most recent day. */
export const FINE_SPAN_SECONDS = 86_400;
export const DEFAULT_SERIES_POINTS = 200;

/** What the gateway reports for one call. */
export interface SloOutcome {
  /** The gateway's classification: false for connection errors, timeouts, `failureStatusCodes`. */
  ok: boolean;
  durationMs: number;
}

export interface SloErrorBudget {
  /** Bad events the window allows: (1 − objective/100) × calls in the window. */
  total: number;
  /** Bad events in the window. */
  consumed: number;
  /** total − consumed; negative once the budget is overspent. */
  remaining: number;
  /** remaining / total (≤ 1, may be negative); 1 when the window has no calls. */
  remainingRatio: number;
}

export interface SloSeriesPoint {
  /** Epoch ms: the end of the point's bucket group (the last point is `now`). */
  t: number;
  /** SLI in percent over [window start, t]. */
  sli: number;
  /** Remaining budget ratio over [window start, t]. */
  remainingRatio: number;
  /** The "1h" window's burn rate at t (what a burn-rate chart draws); 0 without calls. */
  burnRate: number;
}

export interface SloStatus {
  /** Epoch ms the status was computed for. */
  at: number;
  /** Good / total over the window, in percent with 4 decimals (100 when there were no calls). */
  sli: number;
  objective: number;
  /** Event counts over the window. */
  events: { good: number; total: number };
  errorBudget: SloErrorBudget;
  /** Error ratio over each (scaled) lookback ÷ (1 − objective/100); 0 without calls. */
  burnRates: BurnRates;
  /** The effective lookback of each burn window, in seconds (see `lookbackSeconds`). */
  lookbacks: Record<BurnWindow, number>;
  /** Projected epoch ms of budget exhaustion at the "1h" rates; absent when not on course to. */
  exhaustsAt?: number;
  /** Burn-down chart: cumulative from the window start, oldest first, ≤ maxPoints points. */
  series: SloSeriesPoint[];
}

export interface SloEvaluation {
  status: SloStatus;
  alerts: BurnAlertEvaluation;
  /** `shouldTripBreaker(status, definition.tripBreakerOnBurnRate)`. */
  tripBreaker: boolean;
}

export interface SloTrackerDeps {
  clock?: Clock;
  /** A `toJSON()` result to start from (validated; bucket history is restored). */
  snapshot?: unknown;
}

export interface SloStatusOptions {
  /** Upper bound on `series.length` (at least 2). Default 200. */
  maxPoints?: number;
  /**
   * Epoch ms the series starts at (e.g. the SLO's creation) when later than the window start: the
   * points spread over [seriesFrom, now], still cumulative from the window start.
   */
  seriesFrom?: number;
}

const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
/** ceil that ignores float noise just above an integer (e.g. 7.000000000000001). */
const ceilSafe = (x: number): number => Math.ceil(x - 1e-9);

/**
 * Tracks one SLO. Every event lands in two fixed rings: 10-second buckets for the most recent
 * min(window, 1 day) and 1-minute buckets for the whole window (the current 10-s bucket's events
 * are summed in an open bucket first and settled before every read). A sum over a lookback L
 * reads the fine ring when L fits in it, otherwise the coarse ring, taking the last ceil(L / width)
 * buckets including the current (partial) one. Memory is fixed at construction:
 * 8 bytes × (min(W, 1 d) / 10 s + W / 1 min) — 405 KiB for a 30-day SLO, 1.05 MiB for 90 days,
 * 79 KiB for 1 day, 3.3 KiB for 1 hour — plus the dirty map (bounded by the ring sizes).
 */
export class SloTracker {
  readonly definition: SloDefinition;
  private readonly clock: Clock;
  private readonly fine: BucketRing;
  private readonly coarse: BucketRing;
  private readonly fineSpanSeconds: number;
  private readonly fineDirty: Dirty = new Map();
  private readonly coarseDirty: Dirty = new Map();
  /** The current 10-s bucket's counts not in the rings yet; settled before every read. */
  private readonly open = new OpenBucket();
  /** Whether the open bucket is counted (what `recordCounts` answers for it). */
  private openHeld = false;

  constructor(definition: SloDefinitionInput, deps: SloTrackerDeps = {}) {
    this.definition = Object.freeze(sloDefinitionSchema.parse(definition));
    this.clock = deps.clock ?? systemClock;
    const w = this.definition.windowSeconds;
    const fineSize = ceilSafe((Math.min(w, FINE_SPAN_SECONDS) * 1000) / FINE_RESOLUTION_MS);
    this.fine = new BucketRing(FINE_RESOLUTION_MS, fineSize);
    this.coarse = new BucketRing(COARSE_RESOLUTION_MS, ceilSafe((w * 1000) / COARSE_RESOLUTION_MS));
    this.fineSpanSeconds = (fineSize * FINE_RESOLUTION_MS) / 1000;
    if (deps.snapshot !== undefined) this.restore(sloSnapshotSchema.parse(deps.snapshot));
  }

  /** Buckets held in total (fixed for the tracker's life). */
  get bucketCount(): number {
    return this.fine.size + this.coarse.size;
  }

  /** Bytes of bucket counters (fixed for the tracker's life). */
  get memoryBytes(): number {
    return this.fine.byteLength + this.coarse.byteLength;
  }

  /** Whether an outcome is a good event for this SLO's SLI. */
  isGood(outcome: SloOutcome): boolean {
    const sli = this.definition.sli;
    return sli.type === "availability" ? outcome.ok : outcome.durationMs < sli.thresholdMs;
  }

  /** Counts one call. O(1) amortised. Returns false when `at` is older than anything held. */
  record(outcome: SloOutcome, at: number = this.clock.now()): boolean {
    const good = this.isGood(outcome) ? 1 : 0;
    return this.recordCounts(good, 1, at);
  }

  /** Counts `total` calls of which `good` were good, all at `at`. O(1); same bucket as the previous call: two additions. */
  recordCounts(good: number, total: number, at: number = this.clock.now()): boolean {
    if (!Number.isInteger(good) || !Number.isInteger(total) || good < 0 || good > total) {
      throw new RangeError("SloTracker.recordCounts: need integers 0 ≤ good ≤ total");
    }
    if (total === 0) return true;
    const kf = this.fine.bucketOf(at);
    if (this.open.add(kf, good, total)) return this.openHeld;
    this.settle();
    // nothing changes the rings until the open bucket is settled: this is what adding now would answer
    this.openHeld = this.fine.accepts(kf) || this.coarse.accepts(this.coarse.bucketOf(at));
    this.open.open(kf, good, total);
    return this.openHeld;
  }

  /** Adds the open bucket's counts to both rings and marks them dirty. */
  private settle(): void {
    this.open.settle((kf, good, total) => {
      // a 1-minute bucket is six whole 10-s buckets: the fine bucket's start finds it
      const kc = this.coarse.bucketOf(kf * FINE_RESOLUTION_MS);
      if (this.fine.add(kf, good, total)) markDirty(this.fineDirty, this.fine, kf, good, total);
      if (this.coarse.add(kc, good, total)) markDirty(this.coarseDirty, this.coarse, kc, good, total);
    });
  }

  status(now: number = this.clock.now(), options: SloStatusOptions = {}): SloStatus {
    this.settle();
    const def = this.definition;
    const f = budgetFraction(def.objective);
    const lb = lookbacks(def.windowSeconds);

    const burnRates = {} as BurnRates;
    let hourBad = 0;
    let hourTotal = 0;
    for (const w of BURN_WINDOWS) {
      const { good, total } = this.sumLookback(lb[w], now);
      burnRates[w] = total === 0 ? 0 : round((total - good) / (total * f), 6);
      if (w === "1h") {
        hourBad = total - good;
        hourTotal = total;
      }
    }

    // one pass over the window gives both the totals and the burn-down series
    const ring = def.windowSeconds <= this.fineSpanSeconds ? this.fine : this.coarse;
    const width = ring.resolutionMs;
    const m = ceilSafe((def.windowSeconds * 1000) / width);
    const kNow = ring.bucketOf(now);
    const maxPoints = Math.max(2, Math.floor(options.maxPoints ?? DEFAULT_SERIES_POINTS));
    const kFrom = Math.max(kNow - m + 1, Math.min(kNow, ring.bucketOf(options.seriesFrom ?? 0)));
    const group = Math.max(1, Math.ceil((kNow - kFrom + 1) / (maxPoints - 1)));
    const series: SloSeriesPoint[] = [];
    let good = 0;
    let total = 0;
    if (kFrom > kNow - m + 1) {
      // what happened before the series starts still counts: one opening point at kFrom
      const early = ring.sum(kFrom - 1, kFrom - (kNow - m + 1));
      good = early.good;
      total = early.total;
      const t = kFrom * width;
      series.push({ t, sli: sliPercent(good, total), remainingRatio: ratio(good, total, f), burnRate: burnAt(ring, lb["1h"], t, f) });
    }
    // groups end where (k + 1) is a multiple of `group` (stable between calls) and at kNow
    for (let from = kFrom; from <= kNow; ) {
      const last = Math.min(kNow, (Math.floor(from / group) + 1) * group - 1);
      const part = ring.sum(last, last - from + 1);
      good += part.good;
      total += part.total;
      const t = Math.min(now, (last + 1) * width);
      series.push({ t, sli: sliPercent(good, total), remainingRatio: ratio(good, total, f), burnRate: burnAt(ring, lb["1h"], t, f) });
      from = last + 1;
    }

    const bad = total - good;
    const budgetTotal = total * f;
    const remaining = budgetTotal - bad;
    const status: SloStatus = {
      at: now,
      sli: sliPercent(good, total),
      objective: def.objective,
      events: { good, total },
      errorBudget: {
        total: round(budgetTotal, 6),
        consumed: bad,
        remaining: round(remaining, 6),
        remainingRatio: ratio(good, total, f),
      },
      burnRates,
      lookbacks: lb,
      series,
    };
    const exhaustsAt = projectExhaustion(now, bad, remaining, hourBad, hourTotal, lb["1h"], f);
    if (exhaustsAt !== undefined) status.exhaustsAt = exhaustsAt;
    return status;
  }

  /** status + the burn-alert rule + the breaker trip decision, all at `now`. */
  evaluate(now: number = this.clock.now(), options: SloStatusOptions = {}): SloEvaluation {
    const status = this.status(now, options);
    return {
      status,
      alerts: evaluateBurnAlerts(status.burnRates, this.definition.alerting, this.definition.windowSeconds),
      tripBreaker: shouldTripBreaker(status, this.definition.tripBreakerOnBurnRate),
    };
  }

  /**
   * Compact snapshot: only the non-empty buckets still inside their ring at clock.now(), as
   * [bucketStartMs, good, total], oldest first. Undrained increments are not part of it.
   */
  toJSON(): SloSnapshot {
    this.settle();
    const now = this.clock.now();
    const tuples = (ring: BucketRing): SloBucketTuple[] => {
      const out: SloBucketTuple[] = [];
      const oldest = ring.bucketOf(now) - ring.size;
      ring.forEach((k, good, total) => {
        if (k > oldest) out.push([k * ring.resolutionMs, good, total]);
      });
      return out;
    };
    return { v: 1, windowSeconds: this.definition.windowSeconds, fine: tuples(this.fine), coarse: tuples(this.coarse) };
  }

  /**
   * Every non-empty bucket still inside its ring at clock.now() whose start is ≥ sinceMs, with its
   * full counts (10s rows first, oldest first).
   */
  exportBuckets(sinceMs = 0): SloBucketRow[] {
    this.settle();
    const rows: SloBucketRow[] = [];
    const now = this.clock.now();
    for (const [resolution, ring] of this.rings()) {
      const oldest = ring.bucketOf(now) - ring.size;
      ring.forEach((k, good, total) => {
        const start = k * ring.resolutionMs;
        if (k > oldest && start >= sinceMs) rows.push({ resolution, start, good, total });
      });
    }
    return rows;
  }

  /**
   * Loads stored rows. `add` (default) adds them to what is held, so rows written by several
   * instances (or several drains) sum up; `replace` overwrites each bucket. Imported counts are
   * not marked dirty. Rows too old for their ring, of an unknown resolution or malformed are
   * skipped. Returns the number of rows taken.
   */
  importBuckets(rows: Iterable<SloBucketRow>, mode: "add" | "replace" = "add"): number {
    this.settle();
    let taken = 0;
    for (const row of rows) {
      const ring = row.resolution === "10s" ? this.fine : row.resolution === "1m" ? this.coarse : undefined;
      if (!ring || !validCounts(row.good, row.total) || !(row.start >= 0)) continue;
      const k = ring.bucketOf(row.start);
      const ok = mode === "add" ? ring.add(k, row.good, row.total) : ring.set(k, row.good, row.total);
      if (ok) taken++;
    }
    return taken;
  }

  /**
   * Returns and forgets the increments recorded since the previous drain, one row per changed
   * bucket (10s rows first, oldest first). Write them by adding to the stored row (upsert with
   * increment), so restarts and several instances compose. With `before`, only buckets that have
   * ended by then (start + width ≤ before) are drained; the open ones stay dirty, so each bucket
   * is written about once.
   */
  drainDirty(options: { before?: number } = {}): SloBucketRow[] {
    this.settle();
    const rows: SloBucketRow[] = [];
    for (const [resolution, ring, dirty] of this.rings()) {
      const width = ring.resolutionMs;
      const keys = [...dirty.keys()].sort((a, b) => a - b);
      for (const k of keys) {
        if (options.before !== undefined && (k + 1) * width > options.before) continue;
        const [good, total] = dirty.get(k) as [number, number];
        rows.push({ resolution, start: k * width, good, total });
        dirty.delete(k);
      }
    }
    return rows;
  }

  /** Number of buckets with undrained increments. */
  get dirtyCount(): number {
    this.settle();
    return this.fineDirty.size + this.coarseDirty.size;
  }

  private rings(): [SloResolution, BucketRing, Dirty][] {
    return [
      ["10s", this.fine, this.fineDirty],
      ["1m", this.coarse, this.coarseDirty],
    ];
  }

  private sumLookback(seconds: number, now: number): { good: number; total: number } {
    return lookbackSum(seconds <= this.fineSpanSeconds ? this.fine : this.coarse, seconds, now);
  }

  private restore(s: SloSnapshot): void {
    for (const [start, good, total] of s.fine) if (good <= total) this.fine.set(this.fine.bucketOf(start), good, total);
    for (const [start, good, total] of s.coarse) if (good <= total) this.coarse.set(this.coarse.bucketOf(start), good, total);
  }
}

export function createSloTracker(definition: SloDefinitionInput, deps: SloTrackerDeps = {}): SloTracker {
  return new SloTracker(definition, deps);
}

/** The burn rate over the `seconds` before `t`, read from one ring. */
function burnAt(ring: BucketRing, seconds: number, t: number, f: number): number {
  const { good, total } = lookbackSum(ring, Math.max(seconds, ring.resolutionMs / 1000), t);
  return total === 0 ? 0 : round((total - good) / (total * f), 6);
}

function validCounts(good: number, total: number): boolean {
  return Number.isInteger(good) && Number.isInteger(total) && good >= 0 && good <= total;
}

function sliPercent(good: number, total: number): number {
  return total === 0 ? 100 : round((good / total) * 100, 4);
}

function ratio(good: number, total: number, f: number): number {
  if (total === 0) return 1;
  const budget = total * f;
  return round((budget - (total - good)) / budget, 6);
}
