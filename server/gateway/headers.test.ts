import { describe, expect, it } from "vitest";
import { clientResponseHeaders, isBreakwaterCookie, upstreamRequestHeaders } from "./headers";

const fwd = { clientIp: "10.0.0.1", proto: "http" as const, host: "gw.example", trustProxy: false };

describe("Breakwater's cookies never cross the gateway", () => {
  it("removes the session cookie (and every bw_ cookie) from the request sent upstream, keeping the others", () => {
    const out = upstreamRequestHeaders({ cookie: "theme=dark; bw_session=s3cret; __Host-bw_csrf=x; cart=42" }, fwd);
    expect(out.cookie).toBe("theme=dark; cart=42");
  });

  it("drops the Cookie header when only Breakwater's cookies were in it", () => {
    const out = upstreamRequestHeaders({ cookie: "bw_session=s3cret" }, fwd);
    expect(out).not.toHaveProperty("cookie");
  });

  it("drops an upstream Set-Cookie for a Breakwater cookie name and keeps the upstream's own", () => {
    const out = clientResponseHeaders({
      "set-cookie": ["bw_session=evil; Path=/; HttpOnly", "shop=1; Path=/", "BW_SESSION=evil2", "__Secure-bw_session=x; Secure"],
    });
    expect(out["set-cookie"]).toEqual(["shop=1; Path=/"]);
    expect(clientResponseHeaders({ "set-cookie": ["bw_session=evil"] })).not.toHaveProperty("set-cookie");
  });

  it("names Breakwater's cookies by the reserved prefix only", () => {
    expect(isBreakwaterCookie("bw_session")).toBe(true);
    expect(isBreakwaterCookie(" bw_anything")).toBe(true);
    expect(isBreakwaterCookie("session")).toBe(false);
    expect(isBreakwaterCookie("xbw_session")).toBe(false);
  });
});
