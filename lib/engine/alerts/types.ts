import type { Labels } from "./fingerprint";

export type AlertSeverity = "critical" | "warning" | "info";
export const ALERT_SEVERITIES: readonly AlertSeverity[] = Object.freeze(["critical", "warning", "info"]);

/** firing → acknowledged → resolved, or firing → resolved. */
export type AlertStatus = "firing" | "acknowledged" | "resolved";
export const ALERT_STATUSES: readonly AlertStatus[] = Object.freeze(["firing", "acknowledged", "resolved"]);

/** Allowed transitions; an acknowledged alert may be acknowledged again (a no-op plus a note). */
export const ALERT_TRANSITIONS: Readonly<Record<AlertStatus, readonly AlertStatus[]>> = Object.freeze({
  firing: ["acknowledged", "resolved"],
  acknowledged: ["acknowledged", "resolved"],
  resolved: [],
});

/** Who resolved an alert: a user, or "system" when its condition cleared by itself. */
export const SYSTEM_ACTOR = "system";

export interface AlertNote {
  at: number;
  author: string;
  kind: "ack" | "resolve" | "comment";
  comment?: string;
}

export interface Alert {
  id: string;
  fingerprint: string;
  /** What raised it: "breaker", "slo", "health", "bulkhead", … */
  source: string;
  severity: AlertSeverity;
  status: AlertStatus;
  title: string;
  labels: Labels;
  annotations: Labels;
  /** Epoch ms. */
  startsAt: number;
  endsAt?: number;
  acknowledgedBy?: string;
  acknowledgedAt?: number;
  resolvedBy?: string;
  /** Matched a silence when it fired: recorded but not notified. */
  silenced: boolean;
  notes: readonly AlertNote[];
}
