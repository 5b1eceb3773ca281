// The protocol health checkers over TLS against real peers with a self-signed certificate generated
// at test time (https, grpc, wss), the checkers' option schemas and the grpc.health.v1 codec.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grpcOptionsSchema, httpOptionsSchema, tcpOptionsSchema, websocketOptionsSchema } from "@/lib/contracts/health";
import { grpcChecker } from "@/server/health/checkers/grpc";
import {
  decodeHealthCheckRequest,
  decodeHealthCheckResponse,
  encodeHealthCheckRequest,
  encodeHealthCheckResponse,
} from "@/server/health/checkers/grpc-health-codec";
import { httpChecker, httpsChecker } from "@/server/health/checkers/http";
import { tcpChecker } from "@/server/health/checkers/tcp";
import { websocketChecker } from "@/server/health/checkers/websocket";
import { generateSelfSignedCert, type SelfSignedCert } from "../helpers/certs";
import { runCheck, SELF_SIGNED } from "../helpers/checker-run";
import { startGrpcHealthPeer, startHttpsPeer, startWsPeer, type GrpcHealthPeer, type HttpPeer, type WsPeer } from "../helpers/peers";

let cert: SelfSignedCert;
beforeAll(() => {
  cert = generateSelfSignedCert();
});

describe("https with a self-signed certificate", () => {
  let peer: HttpPeer;
  beforeAll(async () => {
    peer = await startHttpsPeer(cert);
  });
  afterAll(() => peer.close());

  it("is rejected by default with a clear detail", async () => {
    const r = await runCheck(httpsChecker, `${peer.url}/ok`);
    expect(r).toMatchObject({ healthy: false, detail: SELF_SIGNED });
  });

  it("is accepted with insecureSkipVerify", async () => {
    expect(
      await runCheck(httpsChecker, `${peer.url}/ok`, { insecureSkipVerify: true, expectBody: "ok" }),
    ).toMatchObject({ healthy: true, detail: "200 OK" });
  });

  it("is accepted when its certificate is given as the CA", async () => {
    expect(await runCheck(httpsChecker, `${peer.url}/ok`, { ca: cert.cert })).toMatchObject({
      healthy: true,
      detail: "200 OK",
    });
    expect(
      (await runCheck(httpsChecker, `https://localhost:${peer.port}/ok`, { ca: cert.cert })).healthy,
    ).toBe(true);
  });

  it("is rejected when a different CA is given", async () => {
    const other = generateSelfSignedCert("other");
    const r = await runCheck(httpsChecker, `${peer.url}/ok`, { ca: other.cert });
    expect(r.healthy).toBe(false);
    expect(r.detail).toMatch(/certificate/);
  });
});


describe("grpc health (TLS, self-signed)", () => {
  let peer: GrpcHealthPeer;
  beforeAll(async () => {
    peer = await startGrpcHealthPeer(cert);
  });
  afterAll(() => peer.close());

  it("rejects the self-signed certificate by default", async () => {
    expect(await runCheck(grpcChecker, peer.target, { tls: true })).toMatchObject({
      healthy: false,
      detail: SELF_SIGNED,
    });
  });

  it("is healthy with the certificate as CA, or with insecureSkipVerify", async () => {
    expect(await runCheck(grpcChecker, peer.target, { tls: true, ca: cert.cert })).toMatchObject({
      healthy: true,
      detail: "SERVING",
    });
    expect(
      await runCheck(grpcChecker, `localhost:${peer.port}`, { tls: true, ca: cert.cert }),
    ).toMatchObject({ healthy: true, detail: "SERVING" });
    expect(
      await runCheck(grpcChecker, peer.target, { tls: true, insecureSkipVerify: true }),
    ).toMatchObject({ healthy: true, detail: "SERVING" });
    peer.set("", "NOT_SERVING");
    expect(await runCheck(grpcChecker, peer.target, { tls: true, ca: cert.cert })).toMatchObject({
      healthy: false,
      detail: "NOT_SERVING",
    });
  });

  it("is unhealthy when a plaintext client talks to the TLS port", async () => {
    expect((await runCheck(grpcChecker, peer.target)).healthy).toBe(false);
  });
});


describe("websocket over TLS (wss, self-signed)", () => {
  let peer: WsPeer;
  beforeAll(async () => {
    peer = await startWsPeer({ tls: cert, reply: (m) => (m === "ping" ? "pong" : null) });
  });
  afterAll(() => peer.close());

  it("rejects the self-signed certificate by default", async () => {
    expect(await runCheck(websocketChecker, peer.url)).toMatchObject({
      healthy: false,
      detail: SELF_SIGNED,
    });
  });

  it("is healthy with the certificate as CA, or with insecureSkipVerify", async () => {
    expect(
      await runCheck(websocketChecker, peer.url, { ca: cert.cert, send: "ping", expect: "pong" }),
    ).toMatchObject({
      healthy: true,
      detail: "reply contains 'pong'",
    });
    expect(await runCheck(websocketChecker, peer.url, { insecureSkipVerify: true })).toMatchObject({
      healthy: true,
      detail: "connected",
    });
  });
});


describe("option schemas", () => {
  function firstIssue(
    schema: {
      safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[] }[] } };
    },
    value: unknown,
  ) {
    const r = schema.safeParse(value);
    expect(r.success).toBe(false);
    return r.error!.issues[0]!;
  }

  it("reject bad values naming the field", () => {
    expect(firstIssue(httpOptionsSchema, { expectStatus: "abc" }).path).toEqual(["expectStatus"]);
    expect(firstIssue(httpOptionsSchema, { method: "BREW" }).path).toEqual(["method"]);
    expect(firstIssue(httpOptionsSchema, { expectBody: "(", bodyMatch: "regex" }).path).toEqual([
      "expectBody",
    ]);
    expect(firstIssue(httpOptionsSchema, { headers: { "bad header": "x" } }).path).toEqual([
      "headers",
      "bad header",
    ]);
    expect(firstIssue(httpOptionsSchema, { insecureSkipVerify: "yes" }).path).toEqual([
      "insecureSkipVerify",
    ]);
    expect(firstIssue(grpcOptionsSchema, { tls: "yes" }).path).toEqual(["tls"]);
    expect(firstIssue(grpcOptionsSchema, { serviceName: 42 }).path).toEqual(["serviceName"]);
    expect(firstIssue(websocketOptionsSchema, { send: 1 }).path).toEqual(["send"]);
    expect(tcpOptionsSchema.safeParse({ port: 1 }).success).toBe(false);
  });

  it("are the checkers' schemas, with the documented defaults", () => {
    expect(httpChecker.optionsSchema).toBe(httpOptionsSchema);
    expect(httpsChecker.optionsSchema).toBe(httpOptionsSchema);
    expect(tcpChecker.optionsSchema).toBe(tcpOptionsSchema);
    expect(grpcChecker.optionsSchema).toBe(grpcOptionsSchema);
    expect(websocketChecker.optionsSchema).toBe(websocketOptionsSchema);
    expect(httpOptionsSchema.parse({})).toMatchObject({
      method: "GET",
      expectStatus: "200-399",
      followRedirects: false,
      insecureSkipVerify: false,
    });
  });
});


describe("grpc.health.v1 codec", () => {
  it("round-trips requests and responses and skips unknown fields", () => {
    expect(encodeHealthCheckRequest({ service: "" })).toHaveLength(0);
    expect(
      decodeHealthCheckRequest(encodeHealthCheckRequest({ service: "payments.v1.Payments" })),
    ).toEqual({ service: "payments.v1.Payments" });
    expect(
      decodeHealthCheckRequest(encodeHealthCheckRequest({ service: "ü".repeat(100) })).service,
    ).toBe("ü".repeat(100));
    for (const status of [0, 1, 2, 3])
      expect(decodeHealthCheckResponse(encodeHealthCheckResponse({ status }))).toEqual({ status });
    // field 2 (varint 150), field 3 (length-delimited "hi"), then status = SERVING
    expect(
      decodeHealthCheckResponse(
        Buffer.from([0x10, 0x96, 0x01, 0x1a, 0x02, 0x68, 0x69, 0x08, 0x01]),
      ),
    ).toEqual({ status: 1 });
    expect(() => decodeHealthCheckResponse(Buffer.from([0x08]))).toThrow();
  });
});
