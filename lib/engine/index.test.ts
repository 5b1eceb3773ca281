import { describe, expect, it } from "vitest";
import * as engine from "./index";

describe("public entry point", () => {
  it("exports the factories and error guard", () => {
    for (const name of ["createCircuitBreaker", "createBulkhead", "createPerUserBulkhead", "createRetry", "createTimeout", "createPipeline", "createAdaptiveLimiter", "isBreakwaterError", "FakeClock", "systemClock"]) {
      expect(engine).toHaveProperty(name);
    }
  });
});
