// The gateway's public base URL (BREAKWATER_GATEWAY_PUBLIC_URL, or derived from the gateway
// listener once it listens). Kept on globalThis so Next's server bundles read what the custom
// server set, like the runtime itself.
declare global {
  var __breakwaterGatewayUrl: string | undefined;
}

export function setGatewayBaseUrl(url: string): void {
  globalThis.__breakwaterGatewayUrl = url.replace(/\/+$/, "");
}

/** e.g. "http://localhost:8080" (no trailing slash); "" before the gateway listens. */
export function gatewayBaseUrl(): string {
  return globalThis.__breakwaterGatewayUrl ?? "";
}

/** Derives "http://host:port" from a listener's host and port (wildcard hosts become localhost). */
export function listenerUrl(host: string, port: number): string {
  const h = host === "0.0.0.0" || host === "::" || host === "" ? "localhost" : host.includes(":") ? `[${host}]` : host;
  return `http://${h}:${port}`;
}
