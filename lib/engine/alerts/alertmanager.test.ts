import { describe, expect, it } from "vitest";
import { FakeClock } from "../fake-clock";
import { AlertBook } from "./alert-book";
import { alertmanagerGroupKey, toAlertmanagerPayload } from "./alertmanager";

const T0 = Date.UTC(2026, 0, 2, 3, 4, 5);

describe("toAlertmanagerPayload", () => {
  it("builds a version 4 webhook body", () => {
    const clock = new FakeClock(T0);
    let n = 0;
    const book = new AlertBook({ clock, newId: () => `id${++n}` });
    const a = book.fire({
      labels: { source: "slo", slo: "payments availability", service: "payments" },
      severity: "critical",
      title: "SLO payments availability burning fast",
      annotations: { description: "burn 20" },
    }).alert;
    clock.advance(60_000);
    const b = book.fire({ labels: { source: "slo", slo: "orders", service: "orders" }, severity: "critical", title: "orders burning" }).alert;
    clock.advance(60_000);
    const bResolved = book.resolve(b.id)!;

    const payload = toAlertmanagerPayload([a, bResolved], {
      receiver: "ops-webhook",
      externalURL: "https://bw.example.com/",
      groupLabels: { source: "slo", alertname: "slo" },
    });
    expect(payload).toEqual({
      version: "4",
      groupKey: '{}:{alertname="slo", source="slo"}',
      truncatedAlerts: 0,
      status: "firing",
      receiver: "ops-webhook",
      groupLabels: { source: "slo", alertname: "slo" },
      commonLabels: { alertname: "slo", severity: "critical", source: "slo" },
      commonAnnotations: {},
      externalURL: "https://bw.example.com/",
      alerts: [
        {
          status: "firing",
          labels: { alertname: "slo", severity: "critical", source: "slo", slo: "payments availability", service: "payments" },
          annotations: { summary: "SLO payments availability burning fast", description: "burn 20" },
          startsAt: "2026-01-02T03:04:05.000Z",
          endsAt: "0001-01-01T00:00:00Z",
          generatorURL: "https://bw.example.com/alerts/id1",
          fingerprint: a.fingerprint,
        },
        {
          status: "resolved",
          labels: { alertname: "slo", severity: "critical", source: "slo", slo: "orders", service: "orders" },
          annotations: { summary: "orders burning" },
          startsAt: "2026-01-02T03:05:05.000Z",
          endsAt: "2026-01-02T03:06:05.000Z",
          generatorURL: "https://bw.example.com/alerts/id2",
          fingerprint: b.fingerprint,
        },
      ],
    });
    expect(JSON.parse(JSON.stringify(payload))).toEqual(payload);
  });

  it("derives the status, honours options, and handles an empty group", () => {
    const clock = new FakeClock(T0);
    const book = new AlertBook({ clock, newId: () => "x" });
    const r = book.resolve(book.fire({ labels: { alertname: "Down", k: 'a"b' }, severity: "warning", title: "t" }).alert.id)!;
    const p = toAlertmanagerPayload([r], {
      receiver: "r",
      externalURL: "http://h",
      generatorURL: (al) => `http://h/x/${al.id}`,
      truncatedAlerts: 3,
    });
    expect(p).toMatchObject({ status: "resolved", truncatedAlerts: 3, groupKey: "{}:{}", commonAnnotations: { summary: "t" } });
    expect(p.alerts[0]).toMatchObject({ generatorURL: "http://h/x/x", labels: { alertname: "Down", severity: "warning", k: 'a"b' } });
    expect(toAlertmanagerPayload([r], { receiver: "r", externalURL: "http://h", status: "firing" }).status).toBe("firing");
    expect(toAlertmanagerPayload([], { receiver: "r", externalURL: "http://h" })).toMatchObject({
      status: "resolved",
      alerts: [],
      commonLabels: {},
    });
    expect(alertmanagerGroupKey({ k: 'a"b' })).toBe('{}:{k="a\\"b"}');
  });
});
