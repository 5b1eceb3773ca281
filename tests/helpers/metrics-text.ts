/** breakwater_gateway_request_duration_seconds_count of one service in a /metrics text, by status code. */
export function gatewayAnswerCounts(text: string, service: string): Record<string, number> {
  const out: Record<string, number> = {};
  const re = /^breakwater_gateway_request_duration_seconds_count\{service="([^"]*)",code="(\d+)"\} (\d+)$/gm;
  for (const m of text.matchAll(re)) if (m[1] === service) out[m[2]!] = Number(m[3]);
  return out;
}
