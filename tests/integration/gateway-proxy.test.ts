// The gateway as a reverse proxy: 100 MB streamed both ways with bounded server memory, the body
// size limit, header hygiene (hop-by-hop, X-Forwarded-*, internal headers), path traversal refused
// with the service's base path kept, and unknown services.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CALM_BREAKER, startGateway, startUpstream, type GatewayUnderTest, type Behaviour } from "../helpers/upstreams";
import { generatedStream, rawRequest, rssOf } from "../helpers/raw-http";

const MB = 1024 * 1024;
const LIMIT = 150 * MB;

describe("gateway proxy", () => {
  let g: GatewayUnderTest;
  const service = async (name: string, b: Partial<Behaviour> = {}, extra: Record<string, unknown> = {}) => {
    const u = await g.upstream(b);
    await g.createService({ name, baseUrl: u.url, breaker: CALM_BREAKER, retry: { maxAttempts: 1 }, ...extra });
    return u;
  };

  beforeAll(async () => {
    g = await startGateway({ env: { BREAKWATER_MAX_BODY_BYTES: String(LIMIT) } });
  });
  afterAll(() => g?.stop());

  it("streams 100 MB up and 100 MB down with bounded server memory", { timeout: 120_000 }, async () => {
    const up = await service("bulk");
    const pid = g.server.proc.pid!;
    // warm up (first request compiles and allocates what the steady state needs)
    await rawRequest(g.server.gatewayPort, "/bulk/warmup", { method: "POST", body: generatedStream(4 * MB), headers: { "content-length": String(4 * MB) } });
    const baseline = await rssOf(pid);
    let peak = baseline;
    const sampler = setInterval(() => {
      rssOf(pid).then((v) => (peak = Math.max(peak, v)), () => undefined);
    }, 50);
    try {
      const size = 100 * MB;
      const upload = await rawRequest(g.server.gatewayPort, "/bulk/upload", {
        method: "POST",
        body: generatedStream(size),
        headers: { "content-type": "application/octet-stream", "content-length": String(size) },
      });
      expect(upload.status).toBe(200);
      expect(upload.json.bytes).toBe(size);
      const seen = up.requests.find((r) => r.url === "/upload")!;
      expect(seen.bytes).toBe(size);
      expect(seen.complete).toBe(true);

      // a chunked upload (no content-length) streams too
      const chunked = await rawRequest(g.server.gatewayPort, "/bulk/upload-chunked", { method: "PUT", body: generatedStream(size) });
      expect(chunked.status).toBe(200);
      expect(chunked.json.bytes).toBe(size);

      up.set({ streamBytes: size });
      const download = await rawRequest(g.server.gatewayPort, "/bulk/download", { discardBody: true });
      expect(download.status).toBe(200);
      expect(download.bytes).toBe(size);
      expect(download.headers["content-length"]).toBe(String(size));
    } finally {
      clearInterval(sampler);
      up.set({ streamBytes: 0 });
    }
    peak = Math.max(peak, await rssOf(pid));
    expect(peak - baseline).toBeLessThan(100 * MB);
  });

  it("refuses a declared body over the limit with 413 payload_too_large without calling the upstream", async () => {
    const up = await service("limited-body");
    const r = await rawRequest(g.server.gatewayPort, "/limited-body/upload", {
      method: "POST",
      headers: { "content-length": String(LIMIT + 1) },
      body: Buffer.alloc(0),
    }).catch((e: Error) => e);
    // the server answers before reading the (never sent) body
    if (r instanceof Error) throw r;
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe("payload_too_large");
    expect(r.headers["x-breakwater-reason"]).toBe("payload_too_large");
    expect(up.total).toBe(0);
  });

  it("cuts off a chunked upload that grows past the limit", { timeout: 60_000 }, async () => {
    const up = await service("endless-body");
    const r = await rawRequest(g.server.gatewayPort, "/endless-body/upload", { method: "POST", body: generatedStream(LIMIT + 20 * MB) }).catch(
      (e: Error) => e,
    );
    if (!(r instanceof Error)) {
      expect(r.status).toBe(413);
      expect(r.json?.error?.code).toBe("payload_too_large");
    }
    // whatever reached the upstream never completed as a body over the limit
    for (const q of up.requests) expect(q.complete && q.bytes > LIMIT).toBe(false);
  });

  it("strips hop-by-hop and internal headers and adds X-Forwarded-*", async () => {
    const up = await service("headers");
    const r = await rawRequest(g.server.gatewayPort, "/headers/echo", {
      headers: {
        connection: "keep-alive, x-hop-secret",
        "x-hop-secret": "must-not-pass",
        "keep-alive": "timeout=5",
        te: "trailers",
        upgrade: "h2c",
        "proxy-authorization": "Basic cHJveHk6c2VjcmV0",
        "proxy-connection": "keep-alive",
        "x-breakwater-client-ip": "6.6.6.6",
        "x-breakwater-proto": "https",
        "x-forwarded-for": "6.6.6.6",
        "x-forwarded-host": "evil.example",
        "x-end-to-end": "kept",
        authorization: "Bearer upstream-token",
      },
    });
    expect(r.status).toBe(200);
    const h = up.requests[0]!.headers;
    for (const name of ["x-hop-secret", "keep-alive", "te", "upgrade", "proxy-authorization", "proxy-connection", "x-breakwater-client-ip", "x-breakwater-proto"]) {
      expect(h[name], name).toBeUndefined();
    }
    expect(String(h.connection ?? "")).not.toMatch(/x-hop-secret/i);
    expect(h["x-end-to-end"]).toBe("kept");
    expect(h.authorization).toBe("Bearer upstream-token");
    // the proxy does not trust client-sent forwarding headers (BREAKWATER_TRUST_PROXY is off)
    expect(h["x-forwarded-for"]).toBe("127.0.0.1");
    expect(h["x-forwarded-proto"]).toBe("http");
    expect(h["x-forwarded-host"]).toBe(`127.0.0.1:${g.server.gatewayPort}`);
  });

  it("does not pass the upstream's hop-by-hop response headers to the client", async () => {
    await service("resp-headers", {
      headers: {
        connection: "x-up-hop",
        "x-up-hop": "must-not-pass",
        "keep-alive": "timeout=77, max=7",
        "proxy-authenticate": "Basic realm=upstream",
        "x-up-normal": "kept",
      },
    });
    const r = await rawRequest(g.server.gatewayPort, "/resp-headers/");
    expect(r.status).toBe(200);
    expect(r.headers["x-up-hop"]).toBeUndefined();
    expect(r.headers["proxy-authenticate"]).toBeUndefined();
    expect(r.headers["keep-alive"] ?? "").not.toMatch(/timeout=77/);
    expect(String(r.headers.connection ?? "")).not.toMatch(/x-up-hop/i);
    expect(r.headers["x-up-normal"]).toBe("kept");
  });

  it("keeps the service's base path and passes the query through", async () => {
    const u = await g.upstream();
    await g.createService({ name: "based", baseUrl: `${u.url}/api/v2`, breaker: CALM_BREAKER, retry: { maxAttempts: 1 } });
    const r = await rawRequest(g.server.gatewayPort, "/based/users/7?expand=orders&x=%20y");
    expect(r.status).toBe(200);
    expect(u.requests[0]!.url).toBe("/api/v2/users/7?expand=orders&x=%20y");
    const root = await rawRequest(g.server.gatewayPort, "/based");
    expect(root.status).toBe(200);
    expect(u.requests[1]!.url).toMatch(/^\/api\/v2\/?$/);
  });

  it("refuses path traversal with 400 invalid_path and never calls the upstream", async () => {
    const u = await g.upstream();
    await g.createService({ name: "jail", baseUrl: `${u.url}/inside`, breaker: CALM_BREAKER, retry: { maxAttempts: 1 } });
    for (const path of [
      "/jail/../x",
      "/jail/a/../../x",
      "/jail/%2e%2e/x",
      "/jail/%2E%2e/secret",
      "/jail/.%2e/x",
      "/jail/a%2fb",
      "/jail/a%2Fb/../..",
      "/jail/a%5cb",
      "/jail//evil.example/x",
      "/jail/./x",
    ]) {
      const r = await rawRequest(g.server.gatewayPort, path);
      expect(r.status, path).toBe(400);
      expect(r.json?.error?.code, path).toBe("invalid_path");
      expect(r.headers["x-breakwater-reason"], path).toBe("invalid_path");
    }
    expect(u.total).toBe(0);
  });

  it("answers 404 unknown_service for a service that does not exist", async () => {
    for (const path of ["/nope/x", "/nope", "/", "/healthz", "/api/v1/auth/me"]) {
      const r = await rawRequest(g.server.gatewayPort, path, { method: "POST", body: "ignored" });
      expect(r.status, path).toBe(404);
      expect(r.json.error.code, path).toBe("unknown_service");
      expect(r.headers["x-breakwater-reason"], path).toBe("unknown_service");
    }
  });

  it("answers 502 upstream_unreachable when nothing listens, and 504 upstream_timeout when the upstream is too slow", async () => {
    const u = await startUpstream();
    const deadUrl = u.url;
    await u.close();
    await g.createService({ name: "dead", baseUrl: deadUrl, breaker: CALM_BREAKER, retry: { maxAttempts: 1 } });
    const r = await rawRequest(g.server.gatewayPort, "/dead/x");
    expect(r.status).toBe(502);
    expect(r.json.error.code).toBe("upstream_unreachable");
    expect(r.headers["x-breakwater-reason"]).toBe("upstream_unreachable");

    await service("slowpoke", { latencyMs: 3000 }, { timeoutMs: 200 });
    const t = await rawRequest(g.server.gatewayPort, "/slowpoke/x");
    expect(t.status).toBe(504);
    expect(t.json.error.code).toBe("upstream_timeout");
    expect(t.headers["x-breakwater-reason"]).toBe("upstream_timeout");
  });
});
