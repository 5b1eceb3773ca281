// The Socket.IO contract between the server and the dashboard: every event name and payload, typed
// once and used by both sides (`Server<ClientToServerEvents, ServerToClientEvents>` on the server,
// `Socket<ServerToClientEvents, ClientToServerEvents>` in the browser). What the server receives is
// also validated with zod, since a client may send anything.
import { z } from "zod";
import type { BreakerDto, BreakerStateName, BulkheadDto } from "./breakers";
import type { AlertDto } from "./alerts";
import type { SloStatusDto } from "./slos";
import type { HealthResultDto } from "./health";
import type { TrafficStatsEvent } from "./traffic";
import type { Role } from "./roles";
import type { ExperimentUpdatedEvent } from "./experiments";

/** Rooms a client can join so each page receives only what it shows. */
export const TOPICS = ["audit", "breakers", "bulkheads", "services", "slos", "health", "traffic"] as const;
export type Topic = (typeof TOPICS)[number];

/** What `subscribe` / `unsubscribe` accept: a list of topic names (unknown names are ignored). */
export const topicListSchema = z
  .array(z.string().max(50))
  .max(TOPICS.length * 2)
  .transform((list) => list.filter((t): t is Topic => (TOPICS as readonly string[]).includes(t)));

/** How often coalesced events (`*:stats`, `slo:status`, `health:result`) are sent at most. */
export const COALESCE_INTERVAL_MS = 250;

export interface ClusterInstanceDto {
  id: string;
  lastSeen: string;
  healthy: boolean;
  self: boolean;
}
export type ClusterStatusDto =
  | { mode: "single"; instanceId: string }
  | { mode: "cluster"; instanceId: string; degraded: boolean; redis: string; instances: ClusterInstanceDto[]; windowExchanges: number };

/** Sent first on every (re)connection: a client replaces whatever it had. */
export interface SnapshotPayload {
  user: { username: string; role: Role };
  serverTime: string;
  startedAt: string;
  breakers: BreakerDto[];
  bulkheads: BulkheadDto[];
  alerts: AlertDto[];
  cluster: ClusterStatusDto;
}

/** A breaker changed state: sent at once, with the breaker's new view. */
export interface BreakerStatePayload {
  name: string;
  from: BreakerStateName;
  to: BreakerStateName;
  reason: string;
  actor?: string;
  at: string;
  halfOpenAt?: string;
  breaker?: BreakerDto;
}

export interface HealthResultEventDto {
  id: string;
  service: string;
  status: "unknown" | "healthy" | "unhealthy";
  result: HealthResultDto;
}

/** An audit entry as it is written (no id yet; the API lists it with one). */
export interface AuditEntryEventDto {
  actor: string;
  action: string;
  target: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  at: string;
}

export type Ack<T> = (r: { ok: true; data: T } | { ok: false; error: { code: string; message: string } }) => void;

export interface ServerToClientEvents {
  snapshot: (p: SnapshotPayload) => void;
  "breaker:state": (p: BreakerStatePayload) => void;
  "breaker:stats": (p: { breakers: BreakerDto[]; at: string }) => void;
  /**
   * Changed bulkheads (room "bulkheads"), at most every 250 ms. Also the live event of an adaptive
   * limit change: `limit`, `adaptive` (rttMs, lastChangeAt/Reason, pinned) and, in cluster mode,
   * `instances` are part of the bulkhead, so a change is sent coalesced with the rest.
   */
  "bulkhead:stats": (p: { bulkheads: BulkheadDto[]; at: string }) => void;
  /** Per-service traffic (room "traffic"): the services whose figures changed, at most once a second, the last 5 minutes of slots. */
  "traffic:stats": (p: TrafficStatsEvent) => void;
  "slo:status": (p: { slos: Array<{ id: string; status: SloStatusDto }>; at: string }) => void;
  "health:result": (p: { results: HealthResultEventDto[]; at: string }) => void;
  "alert:fired": (p: AlertDto) => void;
  "alert:updated": (p: AlertDto) => void;
  "audit:entry": (p: AuditEntryEventDto) => void;
  "service:changed": (p: { name: string }) => void;
  "cluster:status": (p: ClusterStatusDto) => void;
  /**
   * A chaos experiment as GET /api/v1/experiments/{id} returns it: on every status change and at
   * most once a second while it runs (live figures). Sent to every client (no topic): every page
   * shows a banner while an experiment runs.
   */
  "experiment:updated": (p: ExperimentUpdatedEvent) => void;
}

export interface ClientToServerEvents {
  subscribe: (topics: unknown, ack?: Ack<{ topics: Topic[] }>) => void;
  unsubscribe: (topics: unknown, ack?: Ack<{ topics: Topic[] }>) => void;
}

export type ServerEventName = keyof ServerToClientEvents;
export type ServerEventPayload<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0];
