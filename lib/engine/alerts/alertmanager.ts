import type { Labels } from "./fingerprint";
import type { Alert } from "./types";

/** Alertmanager's "zero time", used as endsAt of alerts that are still open. */
export const ALERTMANAGER_ZERO_TIME = "0001-01-01T00:00:00Z";

export interface AlertmanagerAlert {
  status: "firing" | "resolved";
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

/** The JSON body Alertmanager's webhook receiver sends (version "4"). */
export interface AlertmanagerPayload {
  version: "4";
  groupKey: string;
  truncatedAlerts: number;
  status: "firing" | "resolved";
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: AlertmanagerAlert[];
}

export interface AlertmanagerPayloadOptions {
  /** Default: "firing" when any alert is open, else "resolved". */
  status?: "firing" | "resolved";
  receiver: string;
  /** Breakwater's base URL, e.g. "https://breakwater.example.com". */
  externalURL: string;
  groupLabels?: Labels;
  /** Default: `${externalURL}/alerts/${id}`. */
  generatorURL?: (alert: Alert) => string;
  /** Alerts left out of `alerts` by the caller (reported as truncatedAlerts). Default 0. */
  truncatedAlerts?: number;
}

/**
 * An alert's labels as sent: its own labels plus `alertname` (= source) and `severity` when it
 * does not carry them, since Alertmanager receivers expect both.
 */
export function alertmanagerLabels(alert: Alert): Record<string, string> {
  return { alertname: alert.source, severity: alert.severity, ...alert.labels };
}

/** Annotations as sent: `summary` (= title) plus the alert's own annotations. */
export function alertmanagerAnnotations(alert: Alert): Record<string, string> {
  return { summary: alert.title, ...alert.annotations };
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

/** `{}:{name="value", …}` with the group labels sorted by name, as Alertmanager's root route does. */
export function alertmanagerGroupKey(groupLabels: Labels): string {
  const parts = Object.keys(groupLabels)
    .sort()
    .map((name) => `${name}=${quote(groupLabels[name] ?? "")}`);
  return `{}:{${parts.join(", ")}}`;
}

function common(maps: Record<string, string>[]): Record<string, string> {
  const [first, ...rest] = maps;
  if (!first) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(first)) if (rest.every((m) => m[k] === v)) out[k] = v;
  return out;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Builds an Alertmanager webhook payload (version "4") for a group of alerts. */
export function toAlertmanagerPayload(alerts: readonly Alert[], options: AlertmanagerPayloadOptions): AlertmanagerPayload {
  const base = options.externalURL.replace(/\/+$/, "");
  const generatorURL = options.generatorURL ?? ((a: Alert) => `${base}/alerts/${encodeURIComponent(a.id)}`);
  const groupLabels = { ...(options.groupLabels ?? {}) };
  const items = alerts.map((a): AlertmanagerAlert => {
    const resolved = a.status === "resolved";
    return {
      status: resolved ? "resolved" : "firing",
      labels: alertmanagerLabels(a),
      annotations: alertmanagerAnnotations(a),
      startsAt: iso(a.startsAt),
      endsAt: resolved && a.endsAt !== undefined ? iso(a.endsAt) : ALERTMANAGER_ZERO_TIME,
      generatorURL: generatorURL(a),
      fingerprint: a.fingerprint,
    };
  });
  return {
    version: "4",
    groupKey: alertmanagerGroupKey(groupLabels),
    truncatedAlerts: options.truncatedAlerts ?? 0,
    status: options.status ?? (items.some((a) => a.status === "firing") ? "firing" : "resolved"),
    receiver: options.receiver,
    groupLabels,
    commonLabels: common(items.map((a) => a.labels)),
    commonAnnotations: common(items.map((a) => a.annotations)),
    externalURL: options.externalURL,
    alerts: items,
  };
}
