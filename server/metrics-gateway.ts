// Gateway request metrics (retry outcomes, request duration), fed on the request path.
import type client from "prom-client";
import { twoLabelCounter } from "./metrics-children";
import { twoLabelHistogram, type HistogramChild } from "./metrics-histogram";

export type RetryKind =
  | "successful_without_retry"
  | "successful_with_retry"
  | "failed_without_retry"
  | "failed_with_retry";

export function gatewayMetrics(registry: client.Registry) {
  const retryChild = twoLabelCounter(
    registry,
    "breakwater_retry_calls_total",
    "Gateway requests by retry outcome",
    ["service", "kind"],
  );
  const duration = twoLabelHistogram(
    registry,
    "breakwater_gateway_request_duration_seconds",
    "Gateway request duration until the response headers, by service and status code",
    ["service", "code"],
    [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  );
  // per service, the labelled child by status code: no key string or label object per request
  const durationChildren = new Map<string, HistogramChild[]>();

  return {
    retry(service: string, kind: RetryKind): void {
      retryChild(service, kind).inc();
    },
    requestDuration(service: string, code: number, seconds: number): void {
      let byCode = durationChildren.get(service);
      if (!byCode) durationChildren.set(service, (byCode = []));
      (byCode[code] ??= duration(service, String(code))).observe(seconds);
    },
  };
}
