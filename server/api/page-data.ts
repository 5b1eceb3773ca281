// Initial data for server-rendered dashboard pages (the same DTOs the API returns).
import type { BreakerTransitionDto, ChartRange } from "@/lib/contracts/breakers";
import { getRuntime } from "../runtime-access";
import { gatewayBaseUrl } from "../gateway/public-url";

const rt = () => getRuntime();

export const loadServices = async () => rt().services.list();
/** The gateway's base URL (its own listener), e.g. http://localhost:8080. */
export const loadGatewayUrl = (): string => gatewayBaseUrl();
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
export const loadRecentTransitions = async (limit = 20): Promise<BreakerTransitionDto[]> => rt().breakers.recentTransitions(limit);
export const loadBreakerSamples = async (name: string, range: ChartRange = "15m") => rt().charts.breaker(name, range);
export const loadBulkheadSamples = async (service: string, range: ChartRange = "15m") => rt().charts.bulkhead(service, range);
export const loadTraffic = async (range: ChartRange = "15m") => rt().charts.traffic(range);

// SLOs, alerts, silences, notifiers (pages check roles themselves with requirePageRole)
export const loadSlos = async () => rt().slos.list();
export async function loadSlo(id: string) {
  try {
    return { slo: rt().slos.get(id), status: rt().slos.status(id) };
  } catch {
    return null;
  }
}
export const loadAlerts = async (status?: "firing" | "acknowledged" | "resolved", limit = 100) => rt().alerts.list({ status, limit });
export const loadAlert = async (id: string) => rt().alerts.get(id).catch(() => null);
/** Open alerts, firing first. */
export const loadOpenAlerts = async () => rt().alerts.open().sort((a, b) => (a.status === b.status ? b.startsAt.localeCompare(a.startsAt) : a.status === "firing" ? -1 : 1));
export const loadSilences = async () => rt().alerts.listSilences();
export const loadNotifiers = async () => rt().alerts.listNotifiers();
export const loadDeliveries = async (limit = 50) => rt().alerts.deliveries({ limit });

// Health checks (the Health page)
export const loadHealthChecks = async () => rt().health.list();
export async function loadHealthResults(id: string) {
  try {
    return await rt().health.results(id);
  } catch {
    return null;
  }
}
export const loadHealthProtocols = async () => rt().health.protocols();
export const loadClusterStatus = async () => rt().clusterStatus();
