/** The breaker's states: three automatic ones and two operator overrides. */
export type BreakerState = "closed" | "open" | "half_open" | "forced_open" | "forced_closed";

export const BREAKER_STATES: readonly BreakerState[] = ["closed", "open", "half_open", "forced_open", "forced_closed"];

/**
 * Every allowed transition. Anything not listed throws `InvalidTransitionError`.
 * A forced state may be re-forced (same or other override), which replaces the override.
 */
export const BREAKER_TRANSITIONS: Readonly<Record<BreakerState, readonly BreakerState[]>> = Object.freeze({
  closed: ["open", "forced_open", "forced_closed"],
  open: ["half_open", "closed", "forced_open", "forced_closed"],
  half_open: ["open", "closed", "forced_open", "forced_closed"],
  forced_open: ["closed", "half_open", "forced_open", "forced_closed"],
  forced_closed: ["closed", "half_open", "forced_open", "forced_closed"],
});

export class InvalidTransitionError extends Error {
  constructor(
    readonly from: BreakerState,
    readonly to: BreakerState,
  ) {
    super(`invalid circuit breaker transition ${from} → ${to}`);
    this.name = "InvalidTransitionError";
  }
}

export function isAllowedTransition(from: BreakerState, to: BreakerState): boolean {
  return BREAKER_TRANSITIONS[from].includes(to);
}

export function assertTransition(from: BreakerState, to: BreakerState): void {
  if (!isAllowedTransition(from, to)) throw new InvalidTransitionError(from, to);
}

/**
 * The shortest way from `from` to `to` through the table (the states entered, `to` last): how an
 * instance that missed steps adopts another instance's state (e.g. closed → open → half_open).
 */
export function routeTo(from: BreakerState, to: BreakerState): BreakerState[] {
  const previous = new Map<BreakerState, BreakerState>();
  const queue: BreakerState[] = [from];
  while (queue.length > 0) {
    const s = queue.shift()!;
    for (const next of BREAKER_TRANSITIONS[s]) {
      if (next === from || previous.has(next)) continue;
      previous.set(next, s);
      if (next === to) {
        const path: BreakerState[] = [to];
        for (let p = s; p !== from; p = previous.get(p)!) path.unshift(p);
        return path;
      }
      queue.push(next);
    }
  }
  return [to];
}

/**
 * Why a transition happened. Trip rules and automatic moves use the listed codes; `trip()` accepts
 * any code from other subsystems (e.g. `slo_burn`, `health_check_failed`).
 */
export type BreakerReason =
  | "failure_rate"
  | "slow_call_rate"
  | "consecutive_failures"
  | "half_open_failure"
  | "half_open_slow"
  | "half_open_success"
  | "half_open_timeout"
  | "wait_elapsed"
  | "forced"
  | "override_lifted"
  | "override_expired"
  | "reset"
  | "health_recovered"
  | "slo_burn"
  | "health_check_failed"
  | (string & {});
