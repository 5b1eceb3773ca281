// Initial data for server-rendered dashboard pages (the same DTOs the API returns).
import type { BreakerTransitionDto, ChartSpan } from "@/lib/contracts/breakers";
import { AppError } from "../errors";
import { getRuntime } from "../runtime-access";
import { gatewayBaseUrl } from "../gateway/public-url";

const rt = () => getRuntime();

/**
 * The record, or null when it genuinely does not exist (the page then shows its 404). Any other
 * failure (the database is down, a bug) is thrown on, so the page shows the error page (5xx).
 */
export async function orNotFound<T>(load: () => T | Promise<T>): Promise<T | null> {
  try {
    return await load();
  } catch (err) {
    if (err instanceof AppError && err.status === 404) return null;
    throw err;
  }
}

export const loadServices = async () => rt().services.list();
/** The gateway's base URL (its own listener), e.g. http://localhost:8080. */
export const loadGatewayUrl = (): string => gatewayBaseUrl();
export const loadService = async (name: string) => orNotFound(() => rt().services.get(name));
export const loadBreakers = async () => rt().breakers.list();
export const loadBreaker = async (name: string) => orNotFound(() => rt().breakers.get(name));
export const loadBulkheads = async () => rt().breakers.bulkheads();
export const loadBulkhead = async (service: string) => orNotFound(() => rt().breakers.bulkhead(service));
export const loadTransitions = async (name: string, limit = 50) => (await orNotFound(() => rt().breakers.transitions(name, { limit }))) ?? [];
export const loadRecentTransitions = async (limit = 20): Promise<BreakerTransitionDto[]> => rt().breakers.recentTransitions(limit);
export const loadBreakerSamples = async (name: string, range: ChartSpan = "15m") => rt().charts.breaker(name, range);
export const loadBulkheadSamples = async (service: string, range: ChartSpan = "15m") => rt().charts.bulkhead(service, range);
export const loadTraffic = async (range: ChartSpan = "15m") => rt().charts.traffic(range);
/** Per-service traffic of this instance (the live `traffic:stats` keeps it current). */
export const loadServiceTraffic = async () => rt().gateway.traffic.snapshot(rt().gateway.services.keys(), 30).services;

// SLOs, alerts, silences, notifiers (pages check roles themselves with requirePageRole)
export const loadSlos = async () => rt().slos.list();
export const loadSlo = async (id: string) => orNotFound(() => ({ slo: rt().slos.get(id), status: rt().slos.status(id) }));
export const loadAlerts = async (status?: "firing" | "acknowledged" | "resolved", limit = 100) => rt().alerts.list({ status, limit });
export const loadAlert = async (id: string) => orNotFound(() => rt().alerts.get(id));
/** Open alerts, firing first. */
export const loadOpenAlerts = async () => rt().alerts.open().sort((a, b) => (a.status === b.status ? b.startsAt.localeCompare(a.startsAt) : a.status === "firing" ? -1 : 1));
export const loadSilences = async () => rt().alerts.listSilences();
export const loadNotifiers = async () => rt().alerts.listNotifiers();
export const loadDeliveries = async (limit = 50) => rt().alerts.deliveries({ limit });

// Health checks (the Health page)
export const loadHealthChecks = async () => rt().health.list();
export const loadHealthResults = async (id: string) => orNotFound(() => rt().health.results(id));
export const loadHealthProtocols = async () => rt().health.protocols();
export const loadClusterStatus = async () => rt().clusterStatus();

/** The config file that declares file-sourced services (BREAKWATER_CONFIG, as configured), if any. */
export const loadConfigFilePath = (): string | null => rt().config.configFile ?? null;
