// Server-rendered first paint for the SLO, alert and notifier pages: the same DTOs the API returns.
export {
  loadSlos,
  loadSlo,
  loadAlerts,
  loadAlert,
  loadOpenAlerts,
  loadSilences,
  loadNotifiers,
  loadDeliveries,
} from "@/server/api/page-data";
import { loadServices } from "@/server/api/page-data";

export async function loadServiceNames(): Promise<string[]> {
  return (await loadServices()).map((s) => s.name).sort((a, b) => a.localeCompare(b));
}
