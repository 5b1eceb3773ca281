import { describe, expect, it } from "vitest";
import { normalizeIp, parseTrustProxy, selectClientIp } from "./trusted-proxies";
import { loadConfig } from "../config";

describe("parseTrustProxy", () => {
  it("reads false, true, hop counts and address lists", () => {
    expect(parseTrustProxy(undefined)).toEqual({ kind: "none" });
    expect(parseTrustProxy("false")).toEqual({ kind: "none" });
    expect(parseTrustProxy("0")).toEqual({ kind: "none" });
    expect(parseTrustProxy("true")).toEqual({ kind: "hops", hops: 1 });
    expect(parseTrustProxy("1")).toEqual({ kind: "hops", hops: 1 });
    expect(parseTrustProxy(" 3 ")).toEqual({ kind: "hops", hops: 3 });
    expect(parseTrustProxy("10.0.0.0/8, 192.168.1.7,fd00::/8, ::1")).toEqual({
      kind: "cidrs",
      cidrs: ["10.0.0.0/8", "192.168.1.7", "fd00::/8", "::1"],
    });
  });

  it("refuses bad entries, naming them", () => {
    expect(() => parseTrustProxy("yes")).toThrow(/'yes' is not an IP address/);
    expect(() => parseTrustProxy("10.0.0.0/33")).toThrow(/'10.0.0.0\/33' has a bad prefix/);
    expect(() => parseTrustProxy("fd00::/129")).toThrow(/bad prefix/);
    expect(() => parseTrustProxy("10.0.0.1,,10.0.0.2")).toThrow(/empty entry/);
    expect(() => parseTrustProxy("10.0.0.0/8/1")).toThrow(/not an IP address/);
    expect(() => parseTrustProxy("10.0.0.0/x")).toThrow(/bad prefix/);
    expect(() => parseTrustProxy("1000")).toThrow(/at most 32 hops/);
  });

  it("is what the configuration carries, and a bad value is a configuration error", () => {
    expect(loadConfig({ BREAKWATER_TRUST_PROXY: "2" }, "/tmp")).toMatchObject({ trustProxy: true, proxyTrust: { kind: "hops", hops: 2 } });
    expect(loadConfig({}, "/tmp")).toMatchObject({ trustProxy: false, proxyTrust: { kind: "none" } });
    expect(() => loadConfig({ BREAKWATER_TRUST_PROXY: "10.0.0.0/99" }, "/tmp")).toThrow(/BREAKWATER_TRUST_PROXY: .*bad prefix/);
  });
});

describe("selectClientIp", () => {
  const none = parseTrustProxy("false");
  const one = parseTrustProxy("true");
  const two = parseTrustProxy("2");
  const nets = parseTrustProxy("10.0.0.0/8,fd00::/8");

  it("ignores X-Forwarded-For when no proxy is trusted", () => {
    expect(selectClientIp("203.0.113.9", "1.2.3.4", none)).toBe("203.0.113.9");
  });

  it("with one trusted hop takes the rightmost entry, whatever the client wrote to the left", () => {
    expect(selectClientIp("10.0.0.2", "6.6.6.6, 198.51.100.7", one)).toBe("198.51.100.7");
    expect(selectClientIp("10.0.0.2", ["6.6.6.6", "198.51.100.7"], one)).toBe("198.51.100.7");
    expect(selectClientIp("10.0.0.2", undefined, one)).toBe("10.0.0.2");
  });

  it("with n hops skips n-1 forwarded entries from the right", () => {
    expect(selectClientIp("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.1", two)).toBe("198.51.100.7");
    expect(selectClientIp("10.0.0.2", "198.51.100.7", two)).toBe("198.51.100.7");
  });

  it("with addresses walks left while the hop is a trusted proxy (IPv4, IPv6, mapped IPv4)", () => {
    expect(selectClientIp("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.1.2.3", nets)).toBe("198.51.100.7");
    expect(selectClientIp("::ffff:10.0.0.2", "6.6.6.6, 2001:db8::5", nets)).toBe("2001:db8::5");
    expect(selectClientIp("fd00::1", "2001:db8::5, fd12::9", nets)).toBe("2001:db8::5");
    // the peer itself is not a trusted proxy: its forwarded header is the client's own writing
    expect(selectClientIp("198.51.100.1", "10.0.0.5, 1.1.1.1", nets)).toBe("198.51.100.1");
    // every hop trusted: the leftmost is all there is
    expect(selectClientIp("10.0.0.2", "10.0.0.3", nets)).toBe("10.0.0.3");
  });

  it("stops at a malformed entry and keeps the last trusted hop", () => {
    expect(selectClientIp("10.0.0.2", "1.1.1.1, not-an-ip", nets)).toBe("10.0.0.2");
    expect(selectClientIp("10.0.0.2", "garbage", one)).toBe("10.0.0.2");
  });

  it("normalizes IPv4-mapped IPv6 addresses", () => {
    expect(normalizeIp("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(normalizeIp("::1")).toBe("::1");
  });
});
