import { describe, expect, it } from "vitest";
import { buildUpstreamPath, splitGatewayUrl, UnsafePathError } from "./upstream-url";

describe("upstream path mapping", () => {
  it("appends the rest and the query to the base path", () => {
    expect(buildUpstreamPath("/api", "/v1/charge?x=1&y=2")).toBe("/api/v1/charge?x=1&y=2");
    expect(buildUpstreamPath("/api/", "/v1")).toBe("/api/v1");
    expect(buildUpstreamPath("", "")).toBe("/");
    expect(buildUpstreamPath("", "?q=1")).toBe("/?q=1");
  });
  it.each([
    ["/../secret", "dot segment"],
    ["/a/%2e%2e/b", "dot segment"],
    ["/a/%2E%2e", "dot segment"],
    ["/a/./b", "dot segment"],
    ["/a%2fb", "encoded slash"],
    ["/a%5cb", "encoded slash"],
    ["/a\\..\\b", "backslash"],
    ["//evil.example/x", "absolute URL"],
    ["/http://evil.example/x", "absolute URL"],
    ["/a/%zz", "malformed"],
  ])("refuses %s (%s)", (rest, why) => {
    expect(() => buildUpstreamPath("/api", rest)).toThrow(UnsafePathError);
    expect(() => buildUpstreamPath("/api", rest)).toThrow(new RegExp(why, "i"));
  });
  it("keeps a dot inside a segment name", () => {
    expect(buildUpstreamPath("/files", "/a..b/.hidden/v1.2")).toBe("/files/a..b/.hidden/v1.2");
  });
  it("splits the service name from the rest", () => {
    expect(splitGatewayUrl("/payments/v1?x=1")).toEqual({ service: "payments", rest: "/v1?x=1" });
    expect(splitGatewayUrl("/payments?x=1")).toEqual({ service: "payments", rest: "?x=1" });
    expect(splitGatewayUrl("/payments")).toEqual({ service: "payments", rest: "" });
  });
});
