// A pin of an adaptive bulkhead limit as held and shared, and its view (docs/GATEWAY.md "Adaptive concurrency").
import type { PinDto } from "@/lib/contracts/adaptive";

/** A pin as held and shared: times in epoch ms. */
export interface PinRecord {
  limit: number;
  reason: string;
  actor: string;
  at: number;
  until: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function pinDto(p: PinRecord): PinDto {
  return { limit: p.limit, reason: p.reason, actor: p.actor, at: iso(p.at), until: iso(p.until) };
}
