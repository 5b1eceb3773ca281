import { BucketRing, lookbackSum } from "./bucket-ring";
import { lookbacks } from "./burn";
import { OpenBucket } from "./open-bucket";
import { budgetFraction, type SloDefinition } from "./options";
import { SLO_RESOLUTIONS } from "./snapshot";

/**
 * The burn rates of an SLO's page-rule windows ("5m" and "1h", scaled) over the answers that
 * reached the upstream only. The SLO → breaker trip reads these: refusals of the breaker it opens
 * never keep it open. 10-second buckets covering the "1h" lookback; kept in memory only (after a
 * restart the trip waits for fresh upstream outcomes).
 */
export class UpstreamBurn {
  private readonly ring: BucketRing;
  private readonly lb: { "5m": number; "1h": number };
  private readonly f: number;
  /** The current bucket's counts, added to the ring before it is read or another bucket opens. */
  private readonly open = new OpenBucket();

  constructor(def: Pick<SloDefinition, "windowSeconds" | "objective">) {
    const lb = lookbacks(def.windowSeconds);
    this.lb = { "5m": lb["5m"], "1h": lb["1h"] };
    this.f = budgetFraction(def.objective);
    this.ring = new BucketRing(SLO_RESOLUTIONS["10s"], Math.ceil((Math.max(lb["1h"], lb["5m"]) * 1000) / SLO_RESOLUTIONS["10s"]) + 2);
  }

  record(good: boolean, at: number): void {
    const k = this.ring.bucketOf(at);
    if (this.open.add(k, good ? 1 : 0, 1)) return;
    this.settle();
    this.open.open(k, good ? 1 : 0, 1);
  }

  rates(now: number): { "5m": number; "1h": number } {
    this.settle();
    const rate = (seconds: number) => {
      const { good, total } = lookbackSum(this.ring, seconds, now);
      return total === 0 ? 0 : Math.round(((total - good) / (total * this.f)) * 1e6) / 1e6;
    };
    return { "5m": rate(this.lb["5m"]), "1h": rate(this.lb["1h"]) };
  }

  private settle(): void {
    this.open.settle((k, good, total) => this.ring.add(k, good, total));
  }
}
