import { describe, expect, it } from "vitest";
import { isSafeMethod, isSameOrigin } from "./origin";

const opts = { trustProxy: false, secure: false };

describe("same-origin check for cookie mutations", () => {
  it("accepts an Origin equal to the host it was sent to", () => {
    expect(isSameOrigin({ origin: "http://localhost:3000", host: "localhost:3000" }, opts)).toBe(true);
  });
  it("refuses another origin, another port or another scheme", () => {
    expect(isSameOrigin({ origin: "http://evil.example", host: "localhost:3000" }, opts)).toBe(false);
    expect(isSameOrigin({ origin: "http://localhost:4000", host: "localhost:3000" }, opts)).toBe(false);
    expect(isSameOrigin({ origin: "https://localhost:3000", host: "localhost:3000" }, opts)).toBe(false);
  });
  it("falls back to Referer, and refuses when both are missing or malformed", () => {
    expect(isSameOrigin({ referer: "http://localhost:3000/settings", host: "localhost:3000" }, opts)).toBe(true);
    expect(isSameOrigin({ host: "localhost:3000" }, opts)).toBe(false);
    expect(isSameOrigin({ origin: "null", host: "localhost:3000" }, opts)).toBe(false);
    expect(isSameOrigin({ origin: "::::", host: "localhost:3000" }, opts)).toBe(false);
  });
  it("honours forwarded host and proto only behind a trusted proxy", () => {
    const h = { origin: "https://bw.example.com", host: "10.0.0.5:3000", forwardedHost: "bw.example.com", forwardedProto: "https" };
    expect(isSameOrigin(h, opts)).toBe(false);
    expect(isSameOrigin(h, { trustProxy: true, secure: false })).toBe(true);
  });
  it("accepts the configured public URL", () => {
    expect(isSameOrigin({ origin: "https://bw.example.com", host: "internal:3000" }, { ...opts, publicUrl: "https://bw.example.com/" })).toBe(true);
  });
  it("treats only GET, HEAD and OPTIONS as safe", () => {
    expect(["GET", "head", "OPTIONS"].every(isSafeMethod)).toBe(true);
    expect(["POST", "PUT", "PATCH", "DELETE"].some(isSafeMethod)).toBe(false);
  });
});
