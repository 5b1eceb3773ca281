import { describe, expect, it } from "vitest";
import * as E from "./errors";

describe("errors", () => {
  it("carry stable codes and are recognised by isBreakwaterError", () => {
    const errors = [
      [new E.CircuitOpenError("svc", "open", 1_000), "circuit_open"],
      [new E.BulkheadFullError(), "bulkhead_full"],
      [new E.BulkheadTimeoutError(10), "bulkhead_timeout"],
      [new E.UserBulkheadFullError("u", "user_limit"), "user_bulkhead_full"],
      [new E.RetryBudgetExhaustedError(2, new Error("x")), "retry_budget_exhausted"],
      [new E.TimeoutError(5), "timeout"],
      [new E.CancelledError(), "cancelled"],
    ] as const;
    for (const [error, code] of errors) {
      expect(error.code).toBe(code);
      expect(error).toBeInstanceOf(Error);
      expect(E.isBreakwaterError(error)).toBe(true);
      expect(E.isBreakwaterError(error, code)).toBe(true);
    }
    expect(new E.CircuitOpenError("svc", "open", 1_000).retryAfterMs).toBe(1_000);
    expect(new E.CircuitOpenError("svc", "open", 1).name).toBe("CircuitOpenError");
    expect(E.isBreakwaterError(new Error("x"))).toBe(false);
    expect(E.isBreakwaterError(null)).toBe(false);
    expect(E.isBreakwaterError(new E.BulkheadFullError(), "timeout")).toBe(false);
  });
});
