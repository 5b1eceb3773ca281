// What the proxy reports when a gateway request is answered (created once per gateway, called on
// the request path): request-duration and retry metrics, the traffic figures, and the outcome
// listeners (SLOs) of configured services.
import type { Metrics, RetryKind } from "../metrics";
import type { TrafficOutcome } from "@/lib/contracts/traffic";
import { classifyAnswer } from "../traffic/classify";
import type { TrafficStats } from "../traffic/traffic-stats";

/** Every answer of a configured service: how it was answered and its time to headers (SLOs). */
export type OutcomeListener = (service: string, outcome: TrafficOutcome, durationMs: number) => void;

export function createGatewayObserver(metrics: Metrics, traffic: TrafficStats, known: { has(service: string): boolean }, outcomeListeners: readonly OutcomeListener[]) {
  return {
    done(service: string, status: number, seconds: number, outcome: { attempts: number; kind: string; verdict?: { outcome: string }; error?: unknown } | undefined) {
      if (status > 0) metrics.requestDuration(service, status, seconds);
      const answer = classifyAnswer(status, outcome);
      const isKnown = known.has(service);
      traffic.record(service, isKnown, answer, seconds);
      if (isKnown) for (const fn of outcomeListeners) fn(service, answer, seconds * 1000);
      if (outcome && outcome.attempts > 0) {
        const ok = outcome.verdict?.outcome === "success";
        const kind: RetryKind = ok
          ? outcome.attempts > 1 ? "successful_with_retry" : "successful_without_retry"
          : outcome.attempts > 1 ? "failed_with_retry" : "failed_without_retry";
        metrics.retry(service, kind);
      }
    },
  };
}
export type GatewayObserver = ReturnType<typeof createGatewayObserver>;
