// The protocol health checkers against real plaintext peers (no Breakwater server, no mocks): http,
// tcp, grpc (grpc.health.v1), websocket, and a silent peer that accepts connections and never
// answers. TLS variants, option schemas and the gRPC codec: health-checkers-tls.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grpcChecker } from "@/server/health/checkers/grpc";
import { httpChecker, httpsChecker } from "@/server/health/checkers/http";
import type { CheckResult, HealthChecker } from "@/server/health/types";
import { websocketOptionsSchema } from "@/lib/contracts/health";
import { tcpChecker } from "@/server/health/checkers/tcp";
import { websocketChecker } from "@/server/health/checkers/websocket";
import { eventually, runCheck } from "../helpers/checker-run";
import {
  closedPort,
  startGrpcHealthPeer,
  startHttpPeer,
  startSilentPeer,
  startTcpPeer,
  startWsPeer,
  type GrpcHealthPeer,
  type HttpPeer,
  type TcpPeer,
  type WsPeer,
} from "../helpers/peers";

describe("http", () => {
  let peer: HttpPeer;
  beforeAll(async () => {
    peer = await startHttpPeer();
  });
  afterAll(() => peer.close());

  it("is healthy on a 2xx and reports the status line", async () => {
    const r = await runCheck(httpChecker, `${peer.url}/ok`);
    expect(r).toMatchObject({ healthy: true, detail: "200 OK" });
  });

  it("is unhealthy when the status is outside the expected statuses", async () => {
    const r = await runCheck(httpChecker, `${peer.url}/status/503`);
    expect(r.healthy).toBe(false);
    expect(r.detail).toMatch(/^expected 200-399, got 503/);
    expect(
      (await runCheck(httpChecker, `${peer.url}/status/204`, { expectStatus: "200, 204" })).healthy,
    ).toBe(true);
    expect(
      (await runCheck(httpChecker, `${peer.url}/status/503`, { expectStatus: "500-599" })).healthy,
    ).toBe(true);
    const notFound = await runCheck(httpChecker, `${peer.url}/nowhere`, { expectStatus: "200" });
    expect(notFound).toMatchObject({ healthy: false, detail: "expected 200, got 404 Not Found" });
  });

  it("matches the body by substring", async () => {
    expect(await runCheck(httpChecker, `${peer.url}/ok`, { expectBody: "ok" })).toMatchObject({
      healthy: true,
      detail: "200 OK",
    });
    const r = await runCheck(httpChecker, `${peer.url}/ok`, { expectBody: "degraded" });
    expect(r).toMatchObject({ healthy: false, detail: "body does not contain 'degraded'" });
  });

  it("matches the body by regex", async () => {
    expect(
      (
        await runCheck(httpChecker, `${peer.url}/json`, {
          expectBody: '"state":\\s*"healthy"',
          bodyMatch: "regex",
        })
      ).healthy,
    ).toBe(true);
    const r = await runCheck(httpChecker, `${peer.url}/json`, {
      expectBody: '"version":"2\\.',
      bodyMatch: "regex",
    });
    expect(r).toMatchObject({ healthy: false, detail: 'body does not match /"version":"2\\./' });
  });

  it("reads at most 64 KiB of the body for matching", async () => {
    const r = await runCheck(httpChecker, `${peer.url}/big`, { expectBody: "needle" });
    expect(r).toMatchObject({ healthy: false, detail: "body does not contain 'needle'" });
    expect((await runCheck(httpChecker, `${peer.url}/big`, { expectBody: "xxxx" })).healthy).toBe(true);
  });

  it("sends the method and headers", async () => {
    const before = peer.requests.length;
    const r = await runCheck(httpChecker, `${peer.url}/ok`, {
      method: "HEAD",
      headers: { "x-probe": "breakwater", authorization: "Bearer t0k" },
    });
    expect(r.healthy).toBe(true);
    const seen = peer.requests.slice(before);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: "HEAD", url: "/ok" });
    expect(seen[0]!.headers["x-probe"]).toBe("breakwater");
    expect(seen[0]!.headers.authorization).toBe("Bearer t0k");
  });

  it("does not follow redirects unless asked", async () => {
    const okBefore = peer.count("/ok");
    const plain = await runCheck(httpChecker, `${peer.url}/redirect`);
    expect(plain).toMatchObject({
      healthy: true,
      detail: "302 Found (redirect to /ok, not followed)",
    });
    const strict = await runCheck(httpChecker, `${peer.url}/redirect`, { expectStatus: "200" });
    expect(strict).toMatchObject({ healthy: false, detail: "expected 200, got 302 Found" });
    expect(peer.count("/ok")).toBe(okBefore);

    const followed = await runCheck(httpChecker, `${peer.url}/redirect`, {
      expectStatus: "200",
      expectBody: "status: ok",
      followRedirects: true,
    });
    expect(followed).toMatchObject({ healthy: true, detail: "200 OK" });
    expect(peer.count("/ok")).toBe(okBefore + 1);
  });

  it("reports a refused connection", async () => {
    const port = await closedPort();
    const r = await runCheck(httpChecker, `http://127.0.0.1:${port}/`);
    expect(r).toMatchObject({ healthy: false, detail: "connection refused" });
  });

  it("validates targets", () => {
    expect(httpChecker.validateTarget("http://example.com:8080/healthz")).toBeNull();
    expect(httpChecker.validateTarget("http://[::1]:8080/")).toBeNull();
    expect(httpChecker.validateTarget("https://example.com/")).toMatch(/http:\/\//);
    expect(httpChecker.validateTarget("example.com/healthz")).toMatch(/URL/);
    expect(httpChecker.validateTarget("ftp://example.com/")).toMatch(/http:\/\//);
    expect(httpsChecker.validateTarget("https://example.com/healthz")).toBeNull();
    expect(httpsChecker.validateTarget("http://example.com/")).toMatch(/https:\/\//);
    expect(httpChecker.name).toBe("http");
    expect(httpsChecker.name).toBe("https");
  });
});


describe("tcp", () => {
  let peer: TcpPeer;
  beforeAll(async () => {
    peer = await startTcpPeer();
  });
  afterAll(() => peer.close());

  it("is healthy when the connection is established, and closes it", async () => {
    const r = await runCheck(tcpChecker, `127.0.0.1:${peer.port}`);
    expect(r).toMatchObject({ healthy: true, detail: "connected" });
    await eventually(() => peer.open === 0);
  });

  it("is unhealthy on a closed port", async () => {
    const port = await closedPort();
    expect(await runCheck(tcpChecker, `127.0.0.1:${port}`)).toMatchObject({
      healthy: false,
      detail: "connection refused",
    });
  });

  it("validates host:port targets", () => {
    for (const ok of [
      "127.0.0.1:80",
      "db.internal:5432",
      "localhost:1",
      "[::1]:65535",
      "[2001:db8::1]:50051",
    ]) {
      expect(tcpChecker.validateTarget(ok), ok).toBeNull();
      expect(grpcChecker.validateTarget(ok), ok).toBeNull();
    }
    for (const bad of [
      "localhost",
      "localhost:0",
      "localhost:65536",
      "::1:80",
      "[zz]:80",
      "http://x:80",
      "host:port",
      ":80",
      "a b:80",
    ]) {
      expect(tcpChecker.validateTarget(bad), bad).toMatch(/host:port/);
      expect(grpcChecker.validateTarget(bad), bad).toMatch(/host:port/);
    }
  });
});


describe("grpc health (plaintext)", () => {
  let peer: GrpcHealthPeer;
  beforeAll(async () => {
    peer = await startGrpcHealthPeer();
  });
  afterAll(() => peer.close());

  it("is healthy while the server is SERVING and unhealthy when NOT_SERVING", async () => {
    peer.set("", "SERVING");
    expect(await runCheck(grpcChecker, peer.target)).toMatchObject({ healthy: true, detail: "SERVING" });
    peer.set("", "NOT_SERVING");
    expect(await runCheck(grpcChecker, peer.target)).toMatchObject({
      healthy: false,
      detail: "NOT_SERVING",
    });
    peer.set("", "SERVING");
    expect((await runCheck(grpcChecker, peer.target)).healthy).toBe(true);
  });

  it("asks about the named service", async () => {
    peer.set("payments.v1.Payments", "SERVING");
    peer.set("ledger", "NOT_SERVING");
    peer.set("legacy", "SERVICE_UNKNOWN");
    expect(
      await runCheck(grpcChecker, peer.target, { serviceName: "payments.v1.Payments" }),
    ).toMatchObject({ healthy: true, detail: "SERVING" });
    expect(peer.asked.at(-1)).toBe("payments.v1.Payments");
    expect(await runCheck(grpcChecker, peer.target, { serviceName: "ledger" })).toMatchObject({
      healthy: false,
      detail: "NOT_SERVING",
    });
    expect(await runCheck(grpcChecker, peer.target, { serviceName: "legacy" })).toMatchObject({
      healthy: false,
      detail: "SERVICE_UNKNOWN",
    });
  });

  it("is unhealthy for an unknown service (NOT_FOUND)", async () => {
    const r = await runCheck(grpcChecker, peer.target, { serviceName: "nope" });
    expect(r).toMatchObject({ healthy: false, detail: "service 'nope' unknown (NOT_FOUND)" });
  });

  it("is unhealthy when the port is closed or speaks TLS-less to a TLS client", async () => {
    const port = await closedPort();
    expect(await runCheck(grpcChecker, `127.0.0.1:${port}`)).toMatchObject({
      healthy: false,
      detail: "connection refused",
    });
    const r = await runCheck(grpcChecker, peer.target, { tls: true, insecureSkipVerify: true });
    expect(r.healthy).toBe(false);
  });
});


describe("websocket", () => {
  let echo: WsPeer;
  let mute: WsPeer;
  beforeAll(async () => {
    echo = await startWsPeer({
      reply: (m) => (m === "ping" ? "pong" : `echo: ${m}`),
      greeting: "welcome v2",
    });
    mute = await startWsPeer({ reply: (m) => `nothing to say about ${m}` });
  });
  afterAll(async () => {
    await echo.close();
    await mute.close();
  });

  it("is healthy when the handshake succeeds, and sends the headers", async () => {
    const r = await runCheck(websocketChecker, echo.url, { headers: { "x-probe": "breakwater" } });
    expect(r).toMatchObject({ healthy: true, detail: "connected" });
    expect(echo.handshakes.at(-1)?.["x-probe"]).toBe("breakwater");
  });

  it("sends a message and expects text in a reply", async () => {
    const r = await runCheck(websocketChecker, echo.url, { send: "ping", expect: "pong" });
    expect(r).toMatchObject({ healthy: true, detail: "reply contains 'pong'" });
    expect(echo.received.at(-1)).toBe("ping");
    expect((await runCheck(websocketChecker, echo.url, { expect: "welcome" })).healthy).toBe(true);
  });

  it("is unhealthy when no reply contains the expected text before the timeout", async () => {
    const r = await runCheck(websocketChecker, mute.url, { send: "ping", expect: "pong" }, 300);
    expect(r).toMatchObject({
      healthy: false,
      detail: "no reply containing 'pong' within the timeout",
    });
    expect(mute.received).toContain("ping");
  });

  it("reports a rejected handshake", async () => {
    const r = await runCheck(websocketChecker, echo.url.replace(/\/ws$/, "/missing"));
    expect(r).toMatchObject({ healthy: false, detail: "handshake failed: 404" });
  });

  it("reports a refused connection", async () => {
    const port = await closedPort();
    expect(await runCheck(websocketChecker, `ws://127.0.0.1:${port}/ws`)).toMatchObject({
      healthy: false,
      detail: "connection refused",
    });
  });

  it("validates targets", () => {
    expect(websocketChecker.validateTarget("ws://host:8080/socket")).toBeNull();
    expect(websocketChecker.validateTarget("wss://host/socket")).toBeNull();
    expect(websocketChecker.validateTarget("http://host/socket")).toMatch(/ws:\/\/ or wss:\/\//);
    expect(websocketChecker.validateTarget("host:8080")).not.toBeNull();
  });
});


describe("a silent peer (accepts TCP, never answers)", () => {
  let silent: TcpPeer;
  beforeAll(async () => {
    silent = await startSilentPeer();
  });
  afterAll(() => silent.close());

  /**
   * A signal that aborts 300 ms after the silent peer accepted a new connection: the check is then
   * connected and waiting (on a busy machine a fixed 300 ms may pass before it even connects).
   */
  function abortOnceConnected(): AbortSignal {
    const ac = new AbortController();
    const accepted = silent.accepted;
    const giveUpAt = Date.now() + 10_000; // never connected: the test reports it
    const poll = setInterval(() => {
      if (silent.accepted === accepted && Date.now() < giveUpAt) return;
      clearInterval(poll);
      setTimeout(() => ac.abort(), 300);
    }, 10);
    return ac.signal;
  }
  /** `checker` against the silent peer (target from its port), its own schema parsing `options`, aborted once connected. */
  function silentCase<O>(name: string, checker: HealthChecker<O>, target: (port: number) => string, options: Record<string, unknown> = {}): [string, (signal: AbortSignal) => Promise<CheckResult>] {
    return [name, (signal) => checker.check(target(silent.port), checker.optionsSchema.parse(options), signal)];
  }
  const cases = [
    silentCase("http", httpChecker, (port) => `http://127.0.0.1:${port}/`),
    silentCase("https", httpsChecker, (port) => `https://127.0.0.1:${port}/`),
    silentCase("grpc", grpcChecker, (port) => `127.0.0.1:${port}`),
    silentCase("grpc+tls", grpcChecker, (port) => `127.0.0.1:${port}`, { tls: true }),
    silentCase("websocket", websocketChecker, (port) => `ws://127.0.0.1:${port}/`),
  ];

  it.each(cases)(
    "%s reports 'timed out' when the signal aborts, and closes its connection",
    async (_name, check) => {
      const accepted = silent.accepted;
      const signal = abortOnceConnected();
      let abortedAt = 0;
      signal.addEventListener("abort", () => (abortedAt = performance.now()));
      const r = await check(signal);
      const settledAfter = performance.now() - abortedAt;
      expect(silent.accepted).toBeGreaterThan(accepted);
      expect(r.healthy).toBe(false);
      expect(r.detail).toMatch(/^timed out after \d+ ms$/);
      expect(settledAfter).toBeLessThan(3000);
      await eventually(() => silent.open === 0);
    },
  );

  it("tcp is healthy: the connection itself is established", async () => {
    expect(await runCheck(tcpChecker, `127.0.0.1:${silent.port}`)).toMatchObject({
      healthy: true,
      detail: "connected",
    });
  });

  it("uses the scheduler's 'timed out after N ms' abort reason as the detail", async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error("timed out after 250 ms")), 250);
    const r = await websocketChecker.check(
      `ws://127.0.0.1:${silent.port}/`,
      websocketOptionsSchema.parse({}),
      ac.signal,
    );
    expect(r).toMatchObject({ healthy: false, detail: "timed out after 250 ms" });
    await eventually(() => silent.open === 0);
  });

  it.each([
    ["grpc", {}],
    ["grpc+tls", { tls: true }],
  ])("%s aborted before it connected: the connection grpc-js completes afterwards is closed at once", async (_name, options) => {
    const accepted = silent.accepted;
    const ac = new AbortController();
    const pending = grpcChecker.check(`127.0.0.1:${silent.port}`, grpcChecker.optionsSchema.parse(options), ac.signal);
    setTimeout(() => ac.abort(), 0); // before grpc-js has opened its connection
    const r = await pending;
    expect(r.detail).toMatch(/^timed out after \d+ ms$/);
    // grpc-js still opens the connection after the client is closed; it must not stay open
    await eventually(() => silent.accepted > accepted);
    await eventually(() => silent.open === 0);
  });

  it("an already-aborted signal settles at once", async () => {
    const r = await tcpChecker.check(`127.0.0.1:${silent.port}`, {}, AbortSignal.abort());
    expect(r).toMatchObject({ healthy: false });
    expect(r.detail).toMatch(/^timed out/);
  });
});

