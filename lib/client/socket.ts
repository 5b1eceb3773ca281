// The one socket.io-client connection of the page. It authenticates with the session cookie
// (same origin, withCredentials), reconnects on its own, re-subscribes to topics after every
// reconnect, and reports its real state into the connection store.
import { io, type Socket } from "socket.io-client";
import { useConnection } from "./stores/connection";
import { useLive } from "./stores/live";
import { useAlerts } from "./stores/alerts";
import { useSlos } from "./stores/slos";
import { useHealth } from "./stores/health";
import { useExperiments } from "./stores/experiments";
import { toast } from "./stores/toasts";
import type { ClientToServerEvents, ServerToClientEvents, Topic } from "@/lib/contracts/realtime";

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Failed attempts in a row after which the indicator says "Offline" (it keeps retrying). */
const OFFLINE_AFTER_ATTEMPTS = 5;

let socket: LiveSocket | null = null;
const topicRefs = new Map<Topic, number>();
const subscribeListeners = new Set<(topics: Topic[]) => void>();

function activeTopics(): Topic[] {
  return [...topicRefs.entries()].filter(([, n]) => n > 0).map(([t]) => t);
}

function emitSubscribe(s: LiveSocket, topics: Topic[]) {
  if (topics.length === 0) return;
  s.emit("subscribe", topics, (r) => {
    if (r.ok) for (const fn of subscribeListeners) fn(r.data.topics);
  });
}

export function getSocket(): LiveSocket {
  if (socket) return socket;
  const s: LiveSocket = io({
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
  s.on("snapshot", (snap) => {
    useLive.getState().setSnapshot(snap);
    useAlerts.getState().setOpen(snap.alerts);
    store().setSnapshot(snap);
  });
  s.on("breaker:state", (e) => useLive.getState().breakerState(e));
  s.on("breaker:stats", (e) => useLive.getState().breakerStats(e.breakers));
  s.on("bulkhead:stats", (e) => useLive.getState().bulkheadStats(e.bulkheads, e.at));
  s.on("alert:fired", (a) => {
    const known = useAlerts.getState().byId[a.id];
    useAlerts.getState().upsert(a);
    // a toast on every page; silenced alerts are recorded but do not interrupt anyone
    if (!known && !a.silenced) toast.alert({ severity: a.severity, title: a.title, description: a.annotations?.summary, href: `/alerts/${encodeURIComponent(a.id)}` });
  });
  s.on("alert:updated", (a) => useAlerts.getState().upsert(a));
  s.on("health:result", (e) => useHealth.getState().apply(e.results));
  s.on("slo:status", (e) => useSlos.getState().update(e.slos));
  s.on("experiment:updated", (e) => useExperiments.getState().upsert([e]));
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
export function connectSocket(): LiveSocket {
  const s = getSocket();
  if (!s.connected && !s.active) s.connect();
  return s;
}

/** Close for good (sign-out). */
export function disconnectSocket(): void {
  socket?.disconnect();
}

/** Reference-counted topic subscription; re-sent after every reconnect. Returns the undo. */
export function subscribeTopics(topics: Topic[]): () => void {
  const s = getSocket();
  const fresh: Topic[] = [];
  for (const t of topics) {
    const n = topicRefs.get(t) ?? 0;
    topicRefs.set(t, n + 1);
    if (n === 0) fresh.push(t);
  }
  if (s.connected) emitSubscribe(s, fresh);
  return () => {
    const gone: Topic[] = [];
    for (const t of topics) {
      const n = (topicRefs.get(t) ?? 1) - 1;
      topicRefs.set(t, n);
      if (n <= 0) gone.push(t);
    }
    if (gone.length && s.connected) s.emit("unsubscribe", gone);
  };
}

/** Called whenever the server acknowledged a subscription (initial or after a reconnect). */
export function onSubscribed(fn: (topics: Topic[]) => void): () => void {
  subscribeListeners.add(fn);
  return () => subscribeListeners.delete(fn);
}
