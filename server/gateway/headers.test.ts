import { describe, expect, it } from "vitest";
import { clientResponseHeaders, isBreakwaterCookie, scanRequestHead, upstreamRequestHeaders } from "./headers";

const fwd = { clientIp: "10.0.0.1", proto: "http" as const, host: "gw.example", trustProxy: false };
/** Every value of `name` in a flat [name, value, …] list. */
const values = (list: string[], name: string) => list.filter((_, i) => i % 2 === 1 && list[i - 1] === name);
const upstream = (raw: string[], f = fwd) => upstreamRequestHeaders(raw, scanRequestHead(raw), f);

describe("Breakwater's cookies never cross the gateway", () => {
  it("removes the session cookie (and every bw_ cookie) from the request sent upstream, keeping the others", () => {
    const out = upstream(["Cookie", "theme=dark; bw_session=s3cret; __Host-bw_csrf=x; cart=42"]);
    expect(values(out, "cookie")).toEqual(["theme=dark; cart=42"]);
  });

  it("merges several Cookie headers into one and strips Breakwater's cookies from each", () => {
    const out = upstream(["cookie", "bw_session=s3cret; a=1", "Cookie", "b=2; BW_csrf=y"]);
    expect(values(out, "cookie")).toEqual(["a=1; b=2"]);
  });

  it("drops the Cookie header when only Breakwater's cookies were in it", () => {
    const out = upstream(["Cookie", "bw_session=s3cret"]);
    expect(values(out, "cookie")).toEqual([]);
  });

  it("drops an upstream Set-Cookie for a Breakwater cookie name and keeps the upstream's own", () => {
    const out = clientResponseHeaders({
      "set-cookie": ["bw_session=evil; Path=/; HttpOnly", "shop=1; Path=/", "BW_SESSION=evil2", "__Secure-bw_session=x; Secure"],
    });
    expect(values(out, "set-cookie")).toEqual(["shop=1; Path=/"]);
    expect(values(clientResponseHeaders({ "set-cookie": ["bw_session=evil"] }), "set-cookie")).toEqual([]);
    expect(values(clientResponseHeaders({ "set-cookie": "bw_session=evil" }), "set-cookie")).toEqual([]);
  });

  it("names Breakwater's cookies by the reserved prefix only", () => {
    expect(isBreakwaterCookie("bw_session")).toBe(true);
    expect(isBreakwaterCookie(" bw_anything")).toBe(true);
    expect(isBreakwaterCookie("session")).toBe(false);
    expect(isBreakwaterCookie("xbw_session")).toBe(false);
  });
});

describe("hop-by-hop and forwarding headers", () => {
  it("strips hop-by-hop headers, those named in Connection, internal ones and client X-Forwarded-*; sets its own", () => {
    const out = upstream([
      "Host", "gw.example", "Connection", "keep-alive, X-Secret-Hop", "X-Secret-Hop", "1", "Keep-Alive", "timeout=5",
      "X-Breakwater-Client-Ip", "1.2.3.4", "X-Forwarded-For", "6.6.6.6", "Accept", "text/plain", "Accept", "*/*",
    ]);
    expect(out).toEqual(["accept", "text/plain", "accept", "*/*", "x-forwarded-for", "10.0.0.1", "x-forwarded-proto", "http", "x-forwarded-host", "gw.example"]);
  });

  it("extends a trusted X-Forwarded-For chain (several headers joined)", () => {
    const out = upstream(["X-Forwarded-For", "1.1.1.1", "x-forwarded-for", "2.2.2.2"], { ...fwd, trustProxy: true });
    expect(values(out, "x-forwarded-for")).toEqual(["1.1.1.1, 2.2.2.2, 10.0.0.1"]);
  });

  it("reads length, chunking and idempotency from the raw list in any case", () => {
    expect(scanRequestHead(["CONTENT-LENGTH", "12", "Idempotency-Key", "k", "Host", "h"])).toMatchObject({ contentLength: "12", idempotencyKey: true, chunked: false, host: "h" });
    expect(scanRequestHead(["Transfer-Encoding", "chunked", "X-Forwarded-Proto", "https"])).toMatchObject({ chunked: true, forwardedProto: "https", contentLength: undefined });
  });

  it("drops hop-by-hop headers of the upstream's response", () => {
    expect(clientResponseHeaders({ connection: "close", "transfer-encoding": "chunked", "content-type": "text/plain", vary: ["a", "b"] })).toEqual([
      "content-type", "text/plain", "vary", "a", "vary", "b",
    ]);
  });
});
