import { describe, expect, it } from "vitest";
import type { AlertDto } from "@/lib/contracts/alerts";
import { describeLabels, subjectLink, triageOrder } from "./alert-labels";

const alert = (over: Partial<AlertDto>): AlertDto => ({
  id: "a",
  fingerprint: "f",
  source: "slo",
  severity: "warning",
  status: "firing",
  title: "t",
  labels: {},
  annotations: {},
  startsAt: "2026-01-01T00:00:00.000Z",
  silenced: false,
  notes: [],
  ...over,
});

describe("alert triage", () => {
  it("orders critical before warning before info, then the longest-firing first", () => {
    const list = [
      alert({ id: "w-new", severity: "warning", startsAt: "2026-01-01T00:05:00.000Z" }),
      alert({ id: "i", severity: "info", startsAt: "2026-01-01T00:00:00.000Z" }),
      alert({ id: "c", severity: "critical", startsAt: "2026-01-01T00:09:00.000Z" }),
      alert({ id: "w-old", severity: "warning", startsAt: "2026-01-01T00:01:00.000Z" }),
    ];
    expect([...list].sort(triageOrder).map((a) => a.id)).toEqual(["c", "w-old", "w-new", "i"]);
  });
  it("names SLOs and health checks instead of their ids and links them", () => {
    const slo = alert({ labels: { alertname: "SloBurnRate", slo: "slo_123", slo_name: "checkout", service: "pay" } });
    const shown = describeLabels(slo, { slos: { slo_123: "Checkout availability" }, checks: {} });
    expect(shown.map((l) => l.text)).toEqual(["SLO Checkout availability", "service pay"]);
    expect(subjectLink(slo, { slos: {}, checks: {} })).toEqual({ key: "slo", text: "SLO checkout", href: "/slos/slo_123" });
    const check = alert({ source: "health", labels: { check: "hc_9", service: "pay" } });
    expect(describeLabels(check, { slos: {}, checks: { hc_9: "pay · http://pay/health" } })[0]).toEqual({ key: "check", text: "check pay · http://pay/health", href: "/health/hc_9" });
  });
});
