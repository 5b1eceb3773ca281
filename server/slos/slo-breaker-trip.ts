// The SLO → breaker trip: the service's breaker opens (reason slo_burn) while the SLO's upstream
// outcomes burn the budget faster than `tripBreakerOnBurnRate`. Asks the BreakerRegistry.
import { shouldTripBreaker, type BurnRates } from "@/lib/engine/slo/burn";
import type { SloDefinition } from "@/lib/engine/slo/options";
import type { BreakerRegistry } from "../breakers/registry";

/** `burnRates`: the tracker's, with the upstream-only rates over them (the breaker's own refusals never keep it open). */
export function tripOnBurn(breakers: BreakerRegistry, def: SloDefinition, burnRates: BurnRates): void {
  if (!shouldTripBreaker({ burnRates }, def.tripBreakerOnBurnRate)) return;
  // only a closed breaker: a half-open one is already deciding on trial calls
  if (breakers.guard(def.service)?.state === "closed") breakers.trip(def.service, "slo_burn", { actor: `slo:${def.name}` });
}
