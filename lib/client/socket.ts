// The one socket.io-client connection of the page. It authenticates with the session cookie
// (same origin, withCredentials), reconnects on its own, re-subscribes to topics after every
// reconnect, and reports its real state into the connection store.
import { io, type Socket } from "socket.io-client";
import { useConnection, type Snapshot } from "./stores/connection";
import { useLive, type BreakerStateEvent } from "./stores/live";
import { useAlerts } from "./stores/alerts";
import { useSlos } from "./stores/slos";
import { useHealth, type HealthResultEvent } from "./stores/health";
import { toast } from "./stores/toasts";
import type { BreakerDto, BulkheadDto } from "@/lib/contracts/breakers";
import type { AlertDto } from "@/lib/contracts/alerts";
import type { SloStatusDto } from "@/lib/contracts/slos";

/** Failed attempts in a row after which the indicator says "Offline" (it keeps retrying). */
const OFFLINE_AFTER_ATTEMPTS = 5;

let socket: Socket | null = null;
const topicRefs = new Map<string, number>();
type Ack = (r: { ok: boolean; data?: unknown; error?: unknown }) => void;
const subscribeListeners = new Set<(topics: string[]) => void>();

function activeTopics(): string[] {
  return [...topicRefs.entries()].filter(([, n]) => n > 0).map(([t]) => t);
}

function emitSubscribe(s: Socket, topics: string[]) {
  if (topics.length === 0) return;
  s.emit("subscribe", topics, ((r) => {
    if (r?.ok) for (const fn of subscribeListeners) fn(topics);
  }) as Ack);
}

export function getSocket(): Socket {
  if (socket) return socket;
  const s = io({
    path: "/socket.io",
    withCredentials: true,
    autoConnect: false,
    reconnection: true,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 5000,
    timeout: 10_000,
  });
  const store = useConnection.getState;
  let failures = 0;

  s.on("connect", () => {
    failures = 0;
    store().setStatus("live");
    emitSubscribe(s, activeTopics());
  });
  s.on("snapshot", (snap: Snapshot & { breakers?: BreakerDto[]; bulkheads?: BulkheadDto[]; alerts?: AlertDto[] }) => {
    useLive.getState().setSnapshot(snap);
    if (Array.isArray(snap.alerts)) useAlerts.getState().setOpen(snap.alerts);
    store().setSnapshot(snap);
  });
  s.on("breaker:state", (e: BreakerStateEvent) => useLive.getState().breakerState(e));
  s.on("breaker:stats", (e: { breakers?: BreakerDto[] }) => useLive.getState().breakerStats(e?.breakers ?? []));
  s.on("bulkhead:stats", (e: { bulkheads?: BulkheadDto[]; at?: string }) => useLive.getState().bulkheadStats(e?.bulkheads ?? [], e?.at));
  s.on("alert:fired", (a: AlertDto) => {
    if (!a?.id) return;
    const known = useAlerts.getState().byId[a.id];
    useAlerts.getState().upsert(a);
    // a toast on every page; silenced alerts are recorded but do not interrupt anyone
    if (!known && !a.silenced) toast.alert({ severity: a.severity, title: a.title, description: a.annotations?.summary, href: `/alerts/${encodeURIComponent(a.id)}` });
  });
  s.on("alert:updated", (a: AlertDto) => {
    if (a?.id) useAlerts.getState().upsert(a);
  });
  s.on("health:result", (e: { results?: HealthResultEvent[] }) => useHealth.getState().apply(Array.isArray(e?.results) ? e.results : []));
  s.on("slo:status", (e: { slos?: Array<{ id: string; status: SloStatusDto }> }) => useSlos.getState().update(e?.slos ?? []));
  s.on("disconnect", (reason) => {
    // the server (or we) closed it on purpose: socket.io will not reconnect by itself
    if (reason === "io server disconnect") {
      store().setStatus("offline");
      store().setRefused("disconnected");
      return;
    }
    if (reason === "io client disconnect") return store().setStatus("offline");
    store().setStatus("reconnecting");
  });
  s.on("connect_error", (err: Error & { data?: { code?: string } }) => {
    failures += 1;
    if (!s.active) {
      // refused by the server's auth middleware: the session is gone
      store().setRefused(err.data?.code ?? err.message ?? "refused");
      store().setStatus("offline");
      return;
    }
    const { status } = store();
    if (failures >= OFFLINE_AFTER_ATTEMPTS) store().setStatus("offline");
    else if (status !== "connecting" || failures > 1) store().setStatus("reconnecting");
  });
  socket = s;
  return s;
}

/** Open the connection (idempotent). Called once by the dashboard shell. */
export function connectSocket(): Socket {
  const s = getSocket();
  if (!s.connected && !s.active) s.connect();
  return s;
}

/** Close for good (sign-out). */
export function disconnectSocket(): void {
  socket?.disconnect();
}

/** Reference-counted topic subscription; re-sent after every reconnect. Returns the undo. */
export function subscribeTopics(topics: string[]): () => void {
  const s = getSocket();
  const fresh: string[] = [];
  for (const t of topics) {
    const n = topicRefs.get(t) ?? 0;
    topicRefs.set(t, n + 1);
    if (n === 0) fresh.push(t);
  }
  if (s.connected) emitSubscribe(s, fresh);
  return () => {
    const gone: string[] = [];
    for (const t of topics) {
      const n = (topicRefs.get(t) ?? 1) - 1;
      topicRefs.set(t, n);
      if (n <= 0) gone.push(t);
    }
    if (gone.length && s.connected) s.emit("unsubscribe", gone);
  };
}

/** Called whenever the server acknowledged a subscription (initial or after a reconnect). */
export function onSubscribed(fn: (topics: string[]) => void): () => void {
  subscribeListeners.add(fn);
  return () => subscribeListeners.delete(fn);
}
