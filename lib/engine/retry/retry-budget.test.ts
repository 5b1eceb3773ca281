import { describe, expect, it } from "vitest";
import { FakeClock } from "../fake-clock";
import { RetryBudget } from "./retry-budget";

describe("retry budget", () => {
  it("allows retries up to budgetPercent of calls over the window", () => {
    const clock = new FakeClock();
    const budget = new RetryBudget({ percent: 20, minPerSecond: 0 }, clock);
    for (let i = 0; i < 100; i++) budget.recordCall();
    let granted = 0;
    for (let i = 0; i < 50; i++) if (budget.tryRetry()) granted++;
    expect(granted).toBe(20);
  });

  it("always allows at least one retry per second of window", () => {
    const clock = new FakeClock();
    const budget = new RetryBudget({ percent: 20 }, clock);
    budget.recordCall();
    let granted = 0;
    for (let i = 0; i < 50; i++) if (budget.tryRetry()) granted++;
    expect(granted).toBe(10);
  });

  it("forgets calls and retries older than the window", () => {
    const clock = new FakeClock();
    const budget = new RetryBudget({ percent: 50, minPerSecond: 0 }, clock);
    for (let i = 0; i < 10; i++) budget.recordCall();
    while (budget.tryRetry()) {
      /* drain */
    }
    expect(budget.stats()).toMatchObject({ calls: 10, retries: 5 });
    clock.advance(5_000);
    expect(budget.tryRetry()).toBe(false);
    clock.advance(5_000);
    expect(budget.stats()).toMatchObject({ calls: 0, retries: 0 });
  });
});
