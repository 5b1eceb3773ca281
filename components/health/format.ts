// Formatting shared by the server-rendered Health pages and the client components.
import type { HealthCheckDto } from "@/lib/contracts/health";

export function fmtLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  return ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}

export function fmtInterval(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

export const PROTOCOL_LABEL: Record<HealthCheckDto["protocol"], string> = { http: "HTTP", https: "HTTPS", tcp: "TCP", grpc: "gRPC", websocket: "WebSocket", custom: "Custom" };

export function protocolText(c: Pick<HealthCheckDto, "protocol" | "options">): string {
  if (c.protocol === "custom") return `Custom · ${String((c.options as { checker?: unknown }).checker ?? "?")}`;
  if (c.protocol === "http" || c.protocol === "https") return `${PROTOCOL_LABEL[c.protocol]} ${String((c.options as { method?: unknown }).method ?? "GET")}`;
  return PROTOCOL_LABEL[c.protocol];
}
