import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { parseStoredService } from "./stored-service";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: "info" }, stream), lines };
}

describe("a stored service with out-of-range values", () => {
  it("is clamped to today's bounds, with a warning naming service and field", async () => {
    const { log, lines } = capture();
    const huge = Number.MAX_SAFE_INTEGER;
    const s = parseStoredService(
      { name: "old", baseUrl: "http://x", breaker: { waitInOpenMs: huge, maxWaitInOpenMs: huge }, bulkhead: { maxQueue: 1e9 } },
      log,
      "old",
    );
    expect(s.breaker.waitInOpenMs).toBe(86_400_000);
    expect(s.breaker.maxWaitInOpenMs).toBe(86_400_000);
    expect(s.bulkhead.maxQueue).toBe(1_000_000);
    await new Promise((r) => setImmediate(r));
    expect(lines.map((l) => [l.level, l.service, l.field])).toEqual([
      [40, "old", "breaker.waitInOpenMs"],
      [40, "old", "breaker.maxWaitInOpenMs"],
      [40, "old", "bulkhead.maxQueue"],
    ]);
  });

  it("a clamped base value drags its cap along (maxWaitInOpenMs ≥ waitInOpenMs)", () => {
    const { log } = capture();
    const s = parseStoredService({ name: "a", baseUrl: "http://x", breaker: { waitInOpenMs: 1e17, maxWaitInOpenMs: 5e16 } }, log, "a");
    expect([s.breaker.waitInOpenMs, s.breaker.maxWaitInOpenMs]).toEqual([86_400_000, 86_400_000]);
  });

  it("anything else wrong is still an error", () => {
    const { log } = capture();
    expect(() => parseStoredService({ name: "a", baseUrl: "ftp://x" }, log, "a")).toThrow(/baseUrl/);
  });
});
