import { describe, expect, it } from "vitest";
import { classifyAnswer } from "./classify";

const refused = (code: string) => ({ kind: "error", attempts: 0, error: Object.assign(new Error(code), { code }) });

describe("classifyAnswer", () => {
  it("tells every answer of the gateway apart", () => {
    expect(classifyAnswer(200, { kind: "value", attempts: 1, verdict: { outcome: "success" } })).toBe("success");
    expect(classifyAnswer(404, { kind: "value", attempts: 1, verdict: { outcome: "success" } })).toBe("success");
    expect(classifyAnswer(500, { kind: "value", attempts: 3, verdict: { outcome: "failure" } })).toBe("upstream_error");
    expect(classifyAnswer(504, { kind: "error", attempts: 1, error: { code: "timeout" } })).toBe("timeout");
    expect(classifyAnswer(502, { kind: "error", attempts: 2, error: new Error("ECONNREFUSED") })).toBe("unreachable");
    expect(classifyAnswer(503, refused("circuit_open"))).toBe("circuit_open");
    expect(classifyAnswer(503, undefined)).toBe("circuit_open"); // no cluster trial slot
    expect(classifyAnswer(503, refused("bulkhead_full"))).toBe("bulkhead_full");
    expect(classifyAnswer(503, refused("bulkhead_timeout"))).toBe("bulkhead_full");
    expect(classifyAnswer(503, { kind: "error", attempts: 1, error: { code: "retry_budget_exhausted", cause: { code: "bulkhead_full" } } })).toBe("bulkhead_full");
    expect(classifyAnswer(429, refused("user_bulkhead_full"))).toBe("user_limit");
    expect(classifyAnswer(404, undefined)).toBe("bad_request");
    expect(classifyAnswer(400, undefined)).toBe("bad_request");
    expect(classifyAnswer(413, undefined)).toBe("bad_request");
    expect(classifyAnswer(0, { kind: "value", attempts: 1, verdict: { outcome: "success" } })).toBe("client_closed");
  });
});
