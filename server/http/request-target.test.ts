import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { unroutableReason } from "./request-target";

const req = (url: string, rawHeaders: string[] = ["Host", "a"]) => ({ url, rawHeaders }) as unknown as IncomingMessage;

describe("requests neither plane can route", () => {
  it("refuses request targets that are not a path", () => {
    for (const target of ["*", "http://evil.example/x", "evil.example:443", "//evil.example/x", ""]) {
      expect(unroutableReason(req(target)), target).toMatch(/must be a path/);
    }
  });
  it("refuses two Host headers, whatever their case", () => {
    expect(unroutableReason(req("/", ["Host", "a", "host", "b"]))).toMatch(/2 Host headers/);
  });
  it("lets ordinary paths through", () => {
    expect(unroutableReason(req("/services?x=1"))).toBeNull();
    expect(unroutableReason(req("/shop/a//b"))).toBeNull();
  });
});
