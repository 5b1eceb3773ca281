/**
 * Breakwater's resilience engine: circuit breaker, bulkheads, retry, timeout and their
 * composition. Pure TypeScript with an injected clock; see docs/ENGINE.md.
 */
export { systemClock, type Clock, type Scheduler, type TimerHandle } from "./clock";
export { FakeClock, flushMicrotasks } from "./fake-clock";
export { EventHub, type EventMap, type Listener, type Unsubscribe } from "./events";
export {
  BreakwaterError,
  withoutStack,
  BulkheadFullError,
  BulkheadTimeoutError,
  CancelledError,
  CircuitOpenError,
  RetryBudgetExhaustedError,
  TimeoutError,
  UserBulkheadFullError,
  isBreakwaterError,
  type BreakwaterErrorByCode,
  type BreakwaterErrorCode,
} from "./errors";

// window
export {
  DEFAULT_TIME_WINDOW_OPTIONS,
  DEFAULT_WINDOW_OPTIONS,
  windowOptionsSchema,
  type WindowOptions,
} from "./window/options";
export { createSlidingWindow, windowSnapshotSchema, type SlidingWindow, type WindowSnapshot } from "./window/sliding-window";

// breaker
export {
  CircuitBreaker,
  createCircuitBreaker,
  type BreakerDeps,
  type BreakerSyncRecord,
  type ForceOptions,
} from "./breaker/circuit-breaker";
export {
  DEFAULT_BREAKER_OPTIONS,
  breakerOptionsSchema,
  resolveBreakerOptions,
  type BreakerOptions,
  type BreakerOptionsInput,
} from "./breaker/options";
export { breakerSnapshotSchema, type BreakerSnapshot } from "./breaker/snapshot";
export { tickBreakers } from "./breaker/sweep";
export { tripReason, type TripReason, type TripRuleOptions, type WindowSummary } from "./breaker/trip-rule";
export { HOUR_MS, MAX_COUNT, MAX_DURATION_MS } from "./bounds";
export {
  BREAKER_STATES,
  BREAKER_TRANSITIONS,
  InvalidTransitionError,
  assertTransition,
  isAllowedTransition,
  routeTo,
  type BreakerReason,
  type BreakerState,
} from "./breaker/transitions";
export type {
  BreakerCallEvent,
  BreakerEvents,
  BreakerMetrics,
  BreakerOverride,
  BreakerPermit,
  BreakerRejectEvent,
  BreakerRejection,
  BreakerResetEvent,
  BreakerStateChangeEvent,
  BreakerStatus,
  PermitOutcome,
} from "./breaker/types";

// bulkheads
export {
  Bulkhead,
  createBulkhead,
  type BulkheadDeps,
  type BulkheadEvents,
  type BulkheadRejectEvent,
  type BulkheadStats,
} from "./bulkhead/bulkhead";
export type { BulkheadLease } from "./bulkhead/lease";
export {
  DEFAULT_BULKHEAD_OPTIONS,
  DEFAULT_PER_USER_BULKHEAD_OPTIONS,
  bulkheadOptionsSchema,
  perUserBulkheadOptionsSchema,
  type BulkheadOptions,
  type BulkheadOptionsInput,
  type PerUserBulkheadOptions,
  type PerUserBulkheadOptionsInput,
} from "./bulkhead/options";
export {
  PerUserBulkhead,
  createPerUserBulkhead,
  type PerUserBulkheadEvents,
  type PerUserBulkheadStats,
  type PerUserKeyStats,
  type PerUserRejectEvent,
} from "./bulkhead/per-user-bulkhead";

// adaptive concurrency limits
export { AimdLimiter, createAimdLimiter } from "./adaptive/aimd";
export { createAdaptiveLimiter } from "./adaptive/create";
export { Gradient2Limiter, createGradient2Limiter } from "./adaptive/gradient2";
export type { AdaptiveLimiterDeps } from "./adaptive/limiter-base";
export {
  DEFAULT_AIMD_OPTIONS,
  DEFAULT_GRADIENT2_OPTIONS,
  MAX_ADAPTIVE_LIMIT,
  adaptiveLimitOptionsSchema,
  aimdOptionsSchema,
  gradient2OptionsSchema,
  type AdaptiveAlgorithm,
  type AdaptiveLimitOptions,
  type AdaptiveLimitOptionsInput,
  type AimdOptions,
  type AimdOptionsInput,
  type Gradient2Options,
  type Gradient2OptionsInput,
} from "./adaptive/options";
export type {
  AdaptiveLimiter,
  AdaptiveLimiterEvents,
  AdaptiveLimiterSnapshot,
  LimitChangeEvent,
  LimitChangeReason,
  LimitSource,
  SampleOutcome,
} from "./adaptive/types";
// retry
export { backoffDelay, type BackoffOptions, type RandomSource } from "./retry/backoff";
export { defaultClassify, type AttemptOutcome, type Classifier, type Verdict } from "./retry/classify";
export {
  DEFAULT_RETRY_OPTIONS,
  jitterSchema,
  retryOptionsSchema,
  type Jitter,
  type RetryOptions,
  type RetryOptionsInput,
} from "./retry/options";
export {
  RetryPolicy,
  createRetry,
  unwrapOutcome,
  type AttemptResult,
  type GiveUpEvent,
  type RetryDeps,
  type RetryEvent,
  type RetryEvents,
  type RetryExecuteOptions,
  type RunOptions,
  type RunOutcome,
  type StopReason,
} from "./retry/retry";
export { RetryBudget, type RetryBudgetOptions, type RetryBudgetStats } from "./retry/retry-budget";

// timeout
export {
  DEFAULT_TIMEOUT_OPTIONS,
  timeoutOptionsSchema,
  type TimeoutOptions,
  type TimeoutOptionsInput,
} from "./timeout/options";
export { TimeoutPolicy, createTimeout, runCancellable, runWithTimeout, sleep, type RunWithTimeoutOptions } from "./timeout/timeout";
export { Cancellation, toAbortSignal, type AbortListener, type CancelSignal } from "./cancellation";

// composition
export {
  Pipeline,
  createPipeline,
  type PipelineEvents,
  type PipelineExecuteOptions,
  type PipelineOptions,
  type PipelineOutcome,
  type PipelineRejectEvent,
} from "./policy";

// SLOs
export {
  DEFAULT_SLO_ALERTING,
  DEFAULT_SLO_WINDOW_SECONDS,
  MAX_SLO_WINDOW_SECONDS,
  MIN_SLO_WINDOW_SECONDS,
  REFERENCE_SLO_WINDOW_SECONDS,
  SLO_WINDOW_PRESETS,
  budgetFraction,
  sliSchema,
  sloAlertingSchema,
  sloDefinitionSchema,
  type Sli,
  type SloAlerting,
  type SloAlertingInput,
  type SloDefinition,
  type SloDefinitionInput,
  type SloWindowPreset,
} from "./slo/options";
export {
  BURN_ALERT_SEVERITY,
  BURN_WINDOWS,
  MIN_LOOKBACK_SECONDS,
  NOMINAL_LOOKBACK_SECONDS,
  SLOW_PAGE_BURN_RATE,
  evaluateBurnAlerts,
  lookbackSeconds,
  lookbacks,
  shouldTripBreaker,
  type BurnAlertEvaluation,
  type BurnRates,
  type BurnRuleName,
  type BurnRuleResult,
  type BurnWindow,
} from "./slo/burn";
export {
  SLO_RESOLUTIONS,
  sloBucketRowSchema,
  sloBucketTupleSchema,
  sloSnapshotSchema,
  type SloBucketRow,
  type SloBucketTuple,
  type SloResolution,
  type SloSnapshot,
} from "./slo/snapshot";
export {
  COARSE_RESOLUTION_MS,
  DEFAULT_SERIES_POINTS,
  FINE_RESOLUTION_MS,
  FINE_SPAN_SECONDS,
  SloTracker,
  createSloTracker,
  type SloErrorBudget,
  type SloEvaluation,
  type SloOutcome,
  type SloSeriesPoint,
  type SloStatus,
  type SloStatusOptions,
  type SloTrackerDeps,
} from "./slo/slo-tracker";

// alerts
export { fingerprint, type Labels } from "./alerts/fingerprint";
export {
  ALERT_SEVERITIES,
  ALERT_STATUSES,
  ALERT_TRANSITIONS,
  SYSTEM_ACTOR,
  type Alert,
  type AlertNote,
  type AlertSeverity,
  type AlertStatus,
} from "./alerts/types";
export {
  AlertBook,
  type AlertBookEvents,
  type AlertBookOptions,
  type AlertChange,
  type FireAlertInput,
  type FireResult,
} from "./alerts/alert-book";
export {
  isSilenced,
  matchValue,
  matchesSilence,
  silenceMatchersSchema,
  type SilenceLike,
  type SilenceMatchers,
} from "./alerts/silence";
export {
  ALERTMANAGER_ZERO_TIME,
  alertmanagerAnnotations,
  alertmanagerGroupKey,
  alertmanagerLabels,
  toAlertmanagerPayload,
  type AlertmanagerAlert,
  type AlertmanagerPayload,
  type AlertmanagerPayloadOptions,
} from "./alerts/alertmanager";
