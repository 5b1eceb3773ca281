import { describe, expect, it } from "vitest";
import { breakerDto, safeIso } from "./dto";

describe("breaker DTOs never throw on a time out of the Date range", () => {
  it("shows such a time at the end of the range instead of failing the list", () => {
    const metrics = { calls: 0, failures: 0, slowCalls: 0, rejected: 0, failureRate: -1, slowCallRate: -1 };
    const huge = Date.now() + Number.MAX_SAFE_INTEGER;
    const dto = breakerDto("svc", {
      name: "svc",
      state: "open",
      metrics,
      openedAt: Date.now(),
      halfOpenAt: huge,
      updatedAt: Number.NaN,
      override: { state: "open", actor: "a", reason: "r", since: -huge, expiresAt: Infinity },
    });
    expect(dto.halfOpenAt).toBe("+275760-09-13T00:00:00.000Z");
    expect(dto.updatedAt).toBe("1970-01-01T00:00:00.000Z");
    expect(dto.override?.since).toBe("-271821-04-20T00:00:00.000Z");
    expect(dto.override?.expiresAt).toBe("+275760-09-13T00:00:00.000Z");
    expect(safeIso(0)).toBe("1970-01-01T00:00:00.000Z");
  });
});
