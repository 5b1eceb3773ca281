import { describe, expect, it } from "vitest";
import {
  BulkheadFullError,
  BulkheadTimeoutError,
  CancelledError,
  CircuitOpenError,
  RetryBudgetExhaustedError,
  TimeoutError,
  UserBulkheadFullError,
  isBreakwaterError,
} from "./errors";

describe("errors", () => {
  it("carry stable codes and are recognised by isBreakwaterError", () => {
    const errors = [
      [new CircuitOpenError("svc", "open", 1_000), "circuit_open"],
      [new BulkheadFullError(), "bulkhead_full"],
      [new BulkheadTimeoutError(10), "bulkhead_timeout"],
      [new UserBulkheadFullError("u", "user_limit"), "user_bulkhead_full"],
      [new RetryBudgetExhaustedError(2, new Error("x")), "retry_budget_exhausted"],
      [new TimeoutError(5), "timeout"],
      [new CancelledError(), "cancelled"],
    ] as const;
    for (const [error, code] of errors) {
      expect(error.code).toBe(code);
      expect(error).toBeInstanceOf(Error);
      expect(isBreakwaterError(error)).toBe(true);
      expect(isBreakwaterError(error, code)).toBe(true);
    }
    expect(new CircuitOpenError("svc", "open", 1_000).retryAfterMs).toBe(1_000);
    expect(new CircuitOpenError("svc", "open", 1).name).toBe("CircuitOpenError");
    expect(isBreakwaterError(new Error("x"))).toBe(false);
    expect(isBreakwaterError(null)).toBe(false);
    expect(isBreakwaterError(new BulkheadFullError(), "timeout")).toBe(false);
  });
});
