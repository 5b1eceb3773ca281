import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";

describe("configuration from the environment", () => {
  it("defaults to SQLite under ./data on port 3000", () => {
    const c = loadConfig({}, "/srv/bw");
    expect(c.port).toBe(3000);
    expect(c.database).toEqual({ provider: "sqlite", url: "file:./data/breakwater.db", file: "/srv/bw/data/breakwater.db" });
    expect(c.sessionTtlMs).toBe(12 * 3_600_000);
    expect(c.sloFlushIntervalMs).toBe(10_000);
  });
  it("takes the SLO bucket write interval in ms, between 1 s and 1 min", () => {
    expect(loadConfig({ BREAKWATER_SLO_FLUSH_INTERVAL_MS: "1000" }, "/x").sloFlushIntervalMs).toBe(1000);
    expect(() => loadConfig({ BREAKWATER_SLO_FLUSH_INTERVAL_MS: "500" }, "/x")).toThrow(/BREAKWATER_SLO_FLUSH_INTERVAL_MS: must be at least 1000/);
    expect(() => loadConfig({ BREAKWATER_SLO_FLUSH_INTERVAL_MS: "120000" }, "/x")).toThrow(/BREAKWATER_SLO_FLUSH_INTERVAL_MS: must be at most 60000/);
  });
  it("switches to PostgreSQL for postgresql:// URLs", () => {
    expect(loadConfig({ DATABASE_URL: "postgresql://u@h:5432/db" }, "/x").database.provider).toBe("postgresql");
  });
  it("names every bad variable", () => {
    try {
      loadConfig({ PORT: "http", DATABASE_URL: "mysql://x", BREAKWATER_ADMIN_PASSWORD: "short" }, "/x");
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as Error).message;
      expect(msg).toMatch(/PORT/);
      expect(msg).toMatch(/DATABASE_URL: must start with file:/);
      expect(msg).toMatch(/BREAKWATER_ADMIN_PASSWORD: must be at least 8 characters/);
    }
  });
  it("puts the gateway on its own port (8080, on HOST unless told otherwise)", () => {
    const c = loadConfig({ HOST: "127.0.0.1" }, "/x");
    expect(c.gatewayPort).toBe(8080);
    expect(c.gatewayHost).toBe("127.0.0.1");
    expect(loadConfig({ BREAKWATER_GATEWAY_PORT: "0", BREAKWATER_GATEWAY_HOST: "::1" }, "/x")).toMatchObject({ gatewayPort: 0, gatewayHost: "::1" });
    expect(() => loadConfig({ PORT: "4000", BREAKWATER_GATEWAY_PORT: "4000" }, "/x")).toThrow(/BREAKWATER_GATEWAY_PORT: must differ from PORT/);
  });
});
