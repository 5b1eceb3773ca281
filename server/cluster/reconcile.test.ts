// The cluster's reconcile and conflict decisions: Redis's record is the truth, except for a
// change made here while Redis could not be told, and overrides win over plain states.
import { describe, expect, it } from "vitest";
import type { BreakerSyncRecord } from "@/lib/engine/breaker/types";
import { decideReconcile, keepOursOnConflict, keepPendingOverride } from "./reconcile";

const rec = (state: BreakerSyncRecord["state"], reason?: BreakerSyncRecord["reason"]): BreakerSyncRecord => ({
  state,
  openedAt: null,
  halfOpenAt: null,
  waitMs: 30_000,
  override: state === "forced_open" || state === "forced_closed" ? { state: state === "forced_open" ? "open" : "closed", actor: "ada", reason: "maintenance", since: 1, expiresAt: null } : null,
  updatedAt: 1,
  ...(reason ? { reason } : {}),
});
const base = { remoteVersion: 4, knownVersion: 4, pending: false };

describe("reconcile decision", () => {
  it("writes the local record when Redis has none (an override authoritatively)", () => {
    expect(decideReconcile({ ...base, local: rec("closed"), remote: null, remoteVersion: 0 })).toEqual({ action: "write_local", authoritative: false });
    expect(decideReconcile({ ...base, local: rec("forced_open"), remote: null, remoteVersion: 0 })).toEqual({ action: "write_local", authoritative: true });
  });

  it("adopts Redis's record when nothing changed here, and does nothing when they agree", () => {
    expect(decideReconcile({ ...base, local: rec("closed"), remote: rec("open") })).toEqual({ action: "adopt_remote" });
    expect(decideReconcile({ ...base, local: rec("forced_open"), remote: rec("closed") })).toEqual({ action: "adopt_remote" });
    expect(decideReconcile({ ...base, local: rec("open"), remote: rec("open") })).toEqual({ action: "nothing" });
  });

  it("writes a change made while degraded when Redis has nothing newer", () => {
    expect(decideReconcile({ ...base, pending: true, local: rec("open"), remote: rec("closed") })).toEqual({ action: "write_local", authoritative: false });
  });

  it("adopts Redis's record when it moved on while this instance was degraded", () => {
    expect(decideReconcile({ ...base, pending: true, knownVersion: 3, remoteVersion: 5, local: rec("open"), remote: rec("closed") })).toEqual({ action: "adopt_remote" });
  });

  it("an override made here wins over a newer plain state, but never over an override there", () => {
    expect(decideReconcile({ ...base, pending: true, knownVersion: 3, remoteVersion: 9, local: rec("forced_closed"), remote: rec("open") })).toEqual({ action: "write_local", authoritative: true });
    expect(decideReconcile({ ...base, pending: true, local: rec("forced_closed"), remote: rec("forced_open") })).toEqual({ action: "adopt_remote" });
    expect(decideReconcile({ ...base, pending: true, local: rec("open"), remote: rec("forced_open") })).toEqual({ action: "adopt_remote" });
  });
});

describe("a lost compare-and-set", () => {
  it("a transition of this instance yields to another instance's transition that got there first", () => {
    expect(keepOursOnConflict(rec("open", "failure_rate"), rec("closed", "half_open_success"), false)).toBe(false);
    expect(keepOursOnConflict(rec("open", "failure_rate"), rec("open", "consecutive_failures"), false)).toBe(false);
  });
  it("a trip here is not lost to another instance's first snapshot of the breaker (reconciliation, no reason)", () => {
    expect(keepOursOnConflict(rec("open", "failure_rate"), rec("closed"), false)).toBe(true);
    // a newer snapshot, or an override, still wins
    expect(keepOursOnConflict(rec("open", "failure_rate"), { ...rec("closed"), updatedAt: 2 }, false)).toBe(false);
    expect(keepOursOnConflict(rec("open", "failure_rate"), rec("forced_closed"), false)).toBe(false);
    // a plain snapshot of ours (reconciliation's own write) still yields
    expect(keepOursOnConflict(rec("closed"), rec("open"), false)).toBe(false);
  });
  it("an operator's change goes through, except a plain state over an override", () => {
    expect(keepOursOnConflict(rec("forced_open", "forced"), rec("open"), true)).toBe(true);
    expect(keepOursOnConflict(rec("closed", "reset"), rec("forced_open"), true)).toBe(true);
    expect(keepOursOnConflict(rec("half_open", "override_lifted"), rec("forced_open"), true)).toBe(true);
    expect(keepOursOnConflict(rec("closed", "forced"), rec("forced_open"), true)).toBe(false);
  });
});

describe("a record from another instance while an override made here is not yet written", () => {
  it("keeps the override against a plain state that instance wrote without knowing it", () => {
    expect(keepPendingOverride(rec("forced_open", "forced"), rec("closed"), true)).toBe(true);
  });
  it("takes the record when nothing is pending, when it is an override, or when it lifts or resets", () => {
    expect(keepPendingOverride(rec("forced_open", "forced"), rec("closed"), false)).toBe(false);
    expect(keepPendingOverride(rec("forced_open", "forced"), rec("forced_closed", "forced"), true)).toBe(false);
    expect(keepPendingOverride(rec("forced_open", "forced"), rec("closed", "override_lifted"), true)).toBe(false);
    expect(keepPendingOverride(rec("forced_open", "forced"), rec("closed", "reset"), true)).toBe(false);
    expect(keepPendingOverride(rec("open", "failure_rate"), rec("closed"), true)).toBe(false);
  });
});
