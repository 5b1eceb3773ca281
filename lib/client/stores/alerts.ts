// Alerts as the dashboard knows them, fed by the socket: the `snapshot` carries every open alert
// (firing or acknowledged), `alert:fired` / `alert:updated` patch it. Pages seed it with their
// server-rendered lists (including resolved ones) so tabs never flicker.
import { create } from "zustand";
import type { AlertDto } from "@/lib/contracts/alerts";

const MAX_RESOLVED = 300;

interface AlertsState {
  /** 0 until the first snapshot arrived. */
  seq: number;
  byId: Record<string, AlertDto>;
  /** The open alerts from a (re)connection snapshot: replaces every open alert we knew. */
  setOpen(list: AlertDto[]): void;
  upsert(a: AlertDto): void;
  /** Server-rendered / fetched rows; never overwrites a newer live version. */
  seed(list: AlertDto[]): void;
}

/** A rough "version" of an alert: later lifecycle steps win. */
function rank(a: AlertDto): number {
  return a.status === "resolved" ? 2 : a.status === "acknowledged" ? 1 : 0;
}

function prune(map: Record<string, AlertDto>): Record<string, AlertDto> {
  const resolved = Object.values(map).filter((a) => a.status === "resolved");
  if (resolved.length <= MAX_RESOLVED) return map;
  resolved.sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt));
  const out = { ...map };
  for (const a of resolved.slice(MAX_RESOLVED)) delete out[a.id];
  return out;
}

export const useAlerts = create<AlertsState>()((set) => ({
  seq: 0,
  byId: {},
  setOpen: (list) =>
    set((st) => {
      const open = new Set(list.map((a) => a.id));
      const next: Record<string, AlertDto> = {};
      // resolved ones stay; open ones we knew but the server no longer has are dropped (they were
      // resolved while we were away — the alerts page re-fetches on reconnect)
      for (const a of Object.values(st.byId)) if (a.status === "resolved" && !open.has(a.id)) next[a.id] = a;
      for (const a of list) next[a.id] = a;
      return { seq: st.seq + 1, byId: next };
    }),
  upsert: (a) => set((st) => ({ byId: prune({ ...st.byId, [a.id]: a }) })),
  seed: (list) =>
    set((st) => {
      let m = st.byId;
      for (const a of list) {
        const cur = m[a.id];
        if (cur && (rank(cur) > rank(a) || (rank(cur) === rank(a) && cur.notes.length >= a.notes.length))) continue;
        if (!cur && st.seq > 0 && a.status !== "resolved") continue; // the live snapshot knows better
        if (m === st.byId) m = { ...m };
        m[a.id] = a;
      }
      return m === st.byId ? st : { byId: prune(m) };
    }),
}));

export const SEVERITY_ORDER: Record<AlertDto["severity"], number> = { critical: 0, warning: 1, info: 2 };

/** Newest first, critical before warning within the same second. */
export function sortAlerts(list: AlertDto[]): AlertDto[] {
  return [...list].sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt) || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}
