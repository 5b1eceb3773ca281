import { describe, expect, it } from "vitest";
import { FakeClock } from "../fake-clock";
import { AlertBook } from "./alert-book";
import { fingerprint } from "./fingerprint";
import type { Alert } from "./types";

const T0 = 1_700_000_000_000;

function book(alerts?: Alert[]) {
  const clock = new FakeClock(T0);
  let n = 0;
  const b = new AlertBook({ clock, newId: () => `a${++n}`, alerts });
  const fired: string[] = [];
  const updated: string[] = [];
  b.on("fired", ({ alert }) => fired.push(alert.id));
  b.on("updated", ({ alert, change }) => updated.push(`${alert.id}:${change}`));
  return { b, clock, fired, updated };
}

const breakerOpen = { labels: { source: "breaker", breaker: "payments" }, severity: "critical" as const, title: "Breaker payments opened" };

describe("AlertBook", () => {
  it("fires a new alert and deduplicates by fingerprint", () => {
    const { b, clock, fired } = book();
    const first = b.fire(breakerOpen);
    expect(first.created).toBe(true);
    expect(first.alert).toEqual({
      id: "a1",
      fingerprint: fingerprint(breakerOpen.labels),
      source: "breaker",
      severity: "critical",
      status: "firing",
      title: "Breaker payments opened",
      labels: { source: "breaker", breaker: "payments" },
      annotations: {},
      startsAt: T0,
      silenced: false,
      notes: [],
    });
    clock.advance(1000);
    const again = b.fire({ ...breakerOpen, labels: { breaker: "payments", source: "breaker" }, title: "other title" });
    expect(again.created).toBe(false);
    expect(again.alert).toBe(first.alert);
    expect(b.size).toBe(1);
    expect(fired).toEqual(["a1"]);
    const other = b.fire({ ...breakerOpen, labels: { source: "breaker", breaker: "orders" } });
    expect(other.created).toBe(true);
    expect(b.list().map((a) => a.id)).toEqual(["a1", "a2"]);
    expect(Object.isFrozen(first.alert)).toBe(true);
  });

  it("acknowledges, then resolves; resolution removes the alert from the book", () => {
    const { b, clock, updated } = book();
    const { alert } = b.fire(breakerOpen);
    clock.advance(5_000);
    const acked = b.acknowledge(alert.id, "ops", "looking");
    expect(acked).toMatchObject({ status: "acknowledged", acknowledgedBy: "ops", acknowledgedAt: T0 + 5_000 });
    expect(acked?.notes).toEqual([{ at: T0 + 5_000, author: "ops", kind: "ack", comment: "looking" }]);
    expect(alert.status).toBe("firing"); // values are immutable
    const again = b.acknowledge(alert.id, "someone-else");
    expect(again).toMatchObject({ status: "acknowledged", acknowledgedBy: "ops" });
    expect(again?.notes).toHaveLength(2);
    clock.advance(5_000);
    const resolved = b.resolve(alert.id, "ops", "fixed upstream");
    expect(resolved).toMatchObject({ status: "resolved", endsAt: T0 + 10_000, resolvedBy: "ops", acknowledgedBy: "ops" });
    expect(resolved?.notes.at(-1)).toEqual({ at: T0 + 10_000, author: "ops", kind: "resolve", comment: "fixed upstream" });
    expect(b.size).toBe(0);
    expect(b.get(alert.id)).toBeUndefined();
    expect(b.resolve(alert.id)).toBeUndefined();
    expect(b.acknowledge(alert.id, "ops")).toBeUndefined();
    expect(updated).toEqual(["a1:acknowledged", "a1:acknowledged", "a1:resolved"]);
  });

  it("a re-fire after resolution is a new alert with a new id", () => {
    const { b, clock } = book();
    const first = b.fire(breakerOpen).alert;
    clock.advance(1_000);
    expect(b.resolveByLabels(breakerOpen.labels)).toMatchObject({ id: "a1", resolvedBy: "system", status: "resolved" });
    clock.advance(1_000);
    const second = b.fire(breakerOpen);
    expect(second.created).toBe(true);
    expect(second.alert.id).toBe("a2");
    expect(second.alert.fingerprint).toBe(first.fingerprint);
    expect(second.alert.startsAt).toBe(T0 + 2_000);
  });

  it("resolves straight from firing and records comments", () => {
    const { b } = book();
    const { alert } = b.fire({ ...breakerOpen, source: "custom-src", annotations: { runbook: "x" }, silenced: true, at: 42 });
    expect(alert).toMatchObject({ source: "custom-src", annotations: { runbook: "x" }, silenced: true, startsAt: 42 });
    expect(b.comment(alert.id, "ops", "noted")?.notes).toEqual([{ at: T0, author: "ops", kind: "comment", comment: "noted" }]);
    expect(b.resolve(alert.id)).toMatchObject({ status: "resolved", resolvedBy: "system" });
    expect(b.resolveByLabels({ nothing: "here" })).toBeUndefined();
  });

  it("restores open alerts (ignoring resolved ones) and keeps deduplicating", () => {
    const { b: source } = book();
    const open = source.fire(breakerOpen).alert;
    const closed = source.resolve(source.fire({ ...breakerOpen, labels: { x: "1" } }).alert.id)!;
    const { b } = book([open, closed]);
    expect(b.list()).toEqual([open]);
    expect(b.fire(breakerOpen)).toEqual({ alert: open, created: false });
    expect(b.getByFingerprint(open.fingerprint)).toEqual(open);
    expect(b.toJSON()).toEqual([open]);
  });
});
