// Initial data for server-rendered dashboard pages (the same DTOs the API returns).
import type { BreakerTransitionDto, ChartRange } from "@/lib/contracts/breakers";
import { getRuntime } from "../runtime-access";

const rt = () => getRuntime();

export const loadServices = async () => rt().services.list();
export async function loadService(name: string) {
  try {
    return rt().services.get(name);
  } catch {
    return null;
  }
}
export const loadBreakers = async () => rt().breakers.list();
export async function loadBreaker(name: string) {
  try {
    return rt().breakers.get(name);
  } catch {
    return null;
  }
}
export const loadBulkheads = async () => rt().breakers.bulkheads();
export async function loadBulkhead(service: string) {
  try {
    return rt().breakers.bulkhead(service);
  } catch {
    return null;
  }
}
export const loadTransitions = async (name: string, limit = 50) => rt().breakers.transitions(name, { limit }).catch(() => []);
export async function loadRecentTransitions(limit = 20): Promise<BreakerTransitionDto[]> {
  const rows = await rt().persistence.breakerHistory.recentTransitions(limit);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    from: r.from as BreakerTransitionDto["from"],
    to: r.to as BreakerTransitionDto["to"],
    reason: r.reason,
    actor: r.actor ?? null,
    at: r.at.toISOString(),
  }));
}
export const loadBreakerSamples = async (name: string, range: ChartRange = "15m") => rt().charts.breaker(name, range);
export const loadBulkheadSamples = async (service: string, range: ChartRange = "15m") => rt().charts.bulkhead(service, range);
export const loadTraffic = async (range: ChartRange = "15m") => rt().charts.traffic(range);
