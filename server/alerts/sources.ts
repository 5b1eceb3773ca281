// Labels of the alerts Breakwater raises itself; the labels decide the fingerprint, so one open
// alert per breaker, per SLO rule, per health check, per bulkhead.
export const breakerAlertLabels = (breaker: string) => ({ alertname: "BreakerOpen", source: "breaker", breaker, service: breaker });
export const bulkheadAlertLabels = (service: string) => ({ alertname: "BulkheadRejecting", source: "bulkhead", service });
export const healthAlertLabels = (checkId: string, service: string) => ({ alertname: "HealthCheckDown", source: "health", check: checkId, service });
