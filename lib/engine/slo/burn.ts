import { REFERENCE_SLO_WINDOW_SECONDS, type SloAlerting } from "./options";

/** The burn-rate windows, named after their length for a 30-day SLO. */
export type BurnWindow = "5m" | "30m" | "1h" | "6h" | "1d" | "3d";
export type BurnRates = Record<BurnWindow, number>;

export const BURN_WINDOWS: readonly BurnWindow[] = Object.freeze(["5m", "30m", "1h", "6h", "1d", "3d"]);

/** Nominal lookback of each window, in seconds, for the 30-day reference window. */
export const NOMINAL_LOOKBACK_SECONDS: Readonly<Record<BurnWindow, number>> = Object.freeze({
  "5m": 300,
  "30m": 1_800,
  "1h": 3_600,
  "6h": 21_600,
  "1d": 86_400,
  "3d": 259_200,
});

/** Lookbacks never go below one fine bucket. */
export const MIN_LOOKBACK_SECONDS = 10;

/** Threshold of the second page rule (6h and 30m), as in the SRE workbook. */
export const SLOW_PAGE_BURN_RATE = 6;

/**
 * The lookback actually used for a burn window: the nominal lookback scaled by
 * windowSeconds / 30 days, never below 10 s. For a 30-day SLO the names are literal; for a 1-day
 * SLO "1h" is 2 minutes and "5m" 10 seconds; for a 90-day SLO "1h" is 3 hours.
 *
 * Scaling the lookback (not the threshold) keeps the SRE-workbook meaning of every rule: a burn
 * rate B sustained over lookback L consumes B × L / W of the budget, so with L ∝ W a rule fires
 * after the same budget fraction (2 % for 14.4 over "1h", 5 % for 6 over "6h", 10 % for 1 over
 * "3d") and predicts exhaustion after the same fraction of the window, whatever W is.
 */
export function lookbackSeconds(window: BurnWindow, windowSeconds: number): number {
  return Math.max(MIN_LOOKBACK_SECONDS, (NOMINAL_LOOKBACK_SECONDS[window] * windowSeconds) / REFERENCE_SLO_WINDOW_SECONDS);
}

export function lookbacks(windowSeconds: number): Record<BurnWindow, number> {
  const out = {} as Record<BurnWindow, number>;
  for (const w of BURN_WINDOWS) out[w] = lookbackSeconds(w, windowSeconds);
  return out;
}

/** Relative tolerance for threshold comparisons, so float noise cannot flip a rule at its edge. */
const EPSILON = 1e-9;

/** a ≥ b, tolerating float rounding. */
export function atLeast(a: number, b: number): boolean {
  return a >= b - Math.abs(b) * EPSILON;
}

export type BurnRuleName = "page_fast" | "page_slow" | "ticket";

export interface BurnRuleResult {
  name: BurnRuleName;
  severity: "page" | "ticket";
  long: BurnWindow;
  short: BurnWindow;
  /** Effective (scaled) lookbacks in seconds. */
  longSeconds: number;
  shortSeconds: number;
  threshold: number;
  longBurn: number;
  shortBurn: number;
  /** Both burn rates ≥ threshold. */
  firing: boolean;
}

export interface BurnAlertEvaluation {
  page: boolean;
  ticket: boolean;
  /** All three rules, in the order page_fast, page_slow, ticket. */
  rules: BurnRuleResult[];
  /** The first firing page rule (page_fast before page_slow), or null. */
  pageWindows: BurnRuleResult | null;
  /** The ticket rule when it fires, or null. */
  ticketWindows: BurnRuleResult | null;
}

const RULES: readonly { name: BurnRuleName; severity: "page" | "ticket"; long: BurnWindow; short: BurnWindow }[] = [
  { name: "page_fast", severity: "page", long: "1h", short: "5m" },
  { name: "page_slow", severity: "page", long: "6h", short: "30m" },
  { name: "ticket", severity: "ticket", long: "3d", short: "6h" },
];

/**
 * The multi-window, multi-burn-rate rule: page when "1h" and "5m" both burn ≥ pageBurnRate, or
 * "6h" and "30m" both ≥ 6; ticket when "3d" and "6h" both ≥ ticketBurnRate. `burnRates` are the
 * ones from `SloTracker.status()`, already measured over the scaled lookbacks (see
 * `lookbackSeconds`), so the thresholds are used as they are; `windowSeconds` only fills in the
 * effective lookbacks of the result.
 */
export function evaluateBurnAlerts(
  burnRates: BurnRates,
  alerting: SloAlerting,
  windowSeconds: number,
): BurnAlertEvaluation {
  const rules = RULES.map((r): BurnRuleResult => {
    const threshold =
      r.name === "page_fast" ? alerting.pageBurnRate : r.name === "page_slow" ? SLOW_PAGE_BURN_RATE : alerting.ticketBurnRate;
    const longBurn = burnRates[r.long];
    const shortBurn = burnRates[r.short];
    return {
      ...r,
      longSeconds: lookbackSeconds(r.long, windowSeconds),
      shortSeconds: lookbackSeconds(r.short, windowSeconds),
      threshold,
      longBurn,
      shortBurn,
      firing: atLeast(longBurn, threshold) && atLeast(shortBurn, threshold),
    };
  });
  const pageWindows = rules.find((r) => r.severity === "page" && r.firing) ?? null;
  const ticketWindows = rules.find((r) => r.severity === "ticket" && r.firing) ?? null;
  return { page: pageWindows !== null, ticket: ticketWindows !== null, rules, pageWindows, ticketWindows };
}

/**
 * True while both windows of the fast page rule ("1h" and "5m", scaled) burn at least
 * `tripBreakerOnBurnRate`; always false when it is null.
 */
export function shouldTripBreaker(
  status: { burnRates: BurnRates },
  tripBreakerOnBurnRate: number | null,
): boolean {
  if (tripBreakerOnBurnRate === null) return false;
  return atLeast(status.burnRates["1h"], tripBreakerOnBurnRate) && atLeast(status.burnRates["5m"], tripBreakerOnBurnRate);
}

/** Alert severity for a burn-rule severity (CONTRACT: page → critical, ticket → warning). */
export const BURN_ALERT_SEVERITY = Object.freeze({ page: "critical", ticket: "warning" } as const);
