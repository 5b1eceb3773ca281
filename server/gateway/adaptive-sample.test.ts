import { describe, expect, it } from "vitest";
import { Cancellation } from "@/lib/engine/cancellation";
import { CancelledError, TimeoutError } from "@/lib/engine/errors";
import { errorOutcome, statusOutcome } from "./adaptive-sample";

describe("adaptive samples from upstream attempts", () => {
  it("2xx/3xx/4xx succeed, 429/503 are overload drops, other 5xx fail", () => {
    expect([200, 204, 302, 404, 429, 500, 502, 503, 504].map(statusOutcome)).toEqual([
      "success", "success", "success", "success", "dropped", "failure", "failure", "dropped", "failure",
    ]);
  });

  it("our timeout is a timeout, a cancelled attempt is no sample, a broken connection is a failure", () => {
    const timedOut = new Cancellation();
    timedOut.abort(new TimeoutError(100, "attempt"));
    expect(errorOutcome(new Error("aborted"), timedOut)).toBe("timeout");
    const gone = new Cancellation();
    gone.abort(new CancelledError("client closed the connection"));
    expect(errorOutcome(new Error("aborted"), gone)).toBeUndefined();
    expect(errorOutcome(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }), new Cancellation())).toBe("failure");
  });
});
