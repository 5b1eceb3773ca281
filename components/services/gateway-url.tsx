// Where a service is reached: the gateway's own listener (never the dashboard's origin).

/** e.g. "http://localhost:8080/shop/" for base "http://localhost:8080". */
export function serviceGatewayUrl(base: string, service: string): string {
  return `${base}/${encodeURIComponent(service)}/`;
}

export function GatewayUrl({ base, service, className = "" }: { base: string; service: string; className?: string }) {
  const url = serviceGatewayUrl(base, service);
  return (
    <code className={`font-mono text-slate-300 ${className}`} data-testid={`gateway-url-${service}`} title={`Requests to ${url}… go through ${service}'s breaker, bulkhead and retries`}>
      {url}
    </code>
  );
}
