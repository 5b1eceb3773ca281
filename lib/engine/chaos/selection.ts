import type { ChaosTarget, Fault, FaultType, RandomSource } from "./types";

/** What the selector needs from a request. Header names are looked up case-insensitively. */
export interface ChaosRequest {
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The user key as the per-user bulkhead reads it; absent when the request carries none. */
  userKey?: string;
}

/** The request ends here: an HTTP error answered by the gateway, or a reset upstream connection. */
export type TerminalFault = { type: "error"; status: number; body?: string } | { type: "abort" };

/** What to do to one request. `injected` lists every fault applied, in application order. */
export type FaultDecision =
  | { inScope: false }
  | {
      inScope: true;
      /** Delay before the upstream call (0 = none). */
      delayMs: number;
      /** Answer without (error) or instead of (abort) a normal upstream response. */
      terminal?: TerminalFault;
      /** Throttle the response body (only when the upstream is called, so never with `terminal`). */
      bytesPerSecond?: number;
      injected: FaultType[];
    };

/** True with probability `percent` %; exactly false at 0 and true at 100 (no draw then). */
export function chance(percent: number, random: RandomSource): boolean {
  if (percent <= 0) return false;
  if (percent >= 100) return true;
  return random() * 100 < percent;
}

function headerValue(headers: ChaosRequest["headers"], lowerName: string): string | readonly string[] | undefined {
  const direct = headers[lowerName];
  if (direct !== undefined) return direct;
  for (const key of Object.keys(headers)) if (key.toLowerCase() === lowerName) return headers[key];
  return undefined;
}

/**
 * Picks the faults for one request. Scope first (header, users, then the target's percent), then
 * each fault's own percent, drawn independently in list order. Latency adds to anything; the first
 * error or abort drawn ends the request (later ones are not applied); bandwidth applies only when
 * the upstream is still called. Requests out of scope are untouched.
 */
export class FaultSelector {
  private readonly headerName?: string;
  private readonly headerWanted?: string;
  private readonly users?: ReadonlySet<string>;
  private readonly targetPercent: number;

  constructor(
    readonly faults: readonly Fault[],
    target: ChaosTarget | undefined,
    private readonly random: RandomSource,
  ) {
    if (target?.header) {
      this.headerName = target.header.name.toLowerCase();
      this.headerWanted = target.header.value;
    }
    if (target?.users) this.users = new Set(target.users);
    this.targetPercent = target?.percent ?? 100;
  }

  inScope(req: ChaosRequest): boolean {
    if (this.headerName !== undefined) {
      const v = headerValue(req.headers, this.headerName);
      const ok = typeof v === "string" ? v === this.headerWanted : v !== undefined && v.includes(this.headerWanted as string);
      if (!ok) return false;
    }
    if (this.users && (req.userKey === undefined || !this.users.has(req.userKey))) return false;
    return chance(this.targetPercent, this.random);
  }

  select(req: ChaosRequest): FaultDecision {
    if (!this.inScope(req)) return { inScope: false };
    let latency: Fault | undefined;
    let terminal: Fault | undefined;
    let bandwidth: Fault | undefined;
    for (const f of this.faults) {
      if (!chance(f.percent, this.random)) continue;
      if (f.type === "latency") latency = f;
      else if (f.type === "bandwidth") bandwidth = f;
      else terminal ??= f;
    }
    const injected: FaultType[] = [];
    let delayMs = 0;
    if (latency?.type === "latency") {
      delayMs = this.latency(latency.ms, latency.jitterMs ?? 0);
      injected.push("latency");
    }
    if (terminal?.type === "error" || terminal?.type === "abort") {
      injected.push(terminal.type);
      const t: TerminalFault =
        terminal.type === "abort" ? { type: "abort" } : { type: "error", status: terminal.status, ...(terminal.body !== undefined ? { body: terminal.body } : {}) };
      return { inScope: true, delayMs, terminal: t, injected };
    }
    if (bandwidth?.type === "bandwidth") {
      injected.push("bandwidth");
      return { inScope: true, delayMs, bytesPerSecond: bandwidth.bytesPerSecond, injected };
    }
    return { inScope: true, delayMs, injected };
  }

  private latency(ms: number, jitterMs: number): number {
    if (jitterMs <= 0) return ms;
    return Math.max(0, Math.round(ms + (this.random() * 2 - 1) * jitterMs));
  }
}
