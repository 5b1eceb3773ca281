import { describe, expect, it } from "vitest";
import { FakeClock } from "../fake-clock";
import { createCircuitBreaker } from "./circuit-breaker";
import { tickBreakers } from "./sweep";

describe("tickBreakers", () => {
  it("emits due transitions for every breaker and returns the next due time", () => {
    const clock = new FakeClock();
    const a = createCircuitBreaker({ waitInOpenMs: 1_000 }, { name: "a", clock });
    const b = createCircuitBreaker({}, { name: "b", clock });
    const c = createCircuitBreaker({}, { name: "c", clock });
    const seen: string[] = [];
    for (const x of [a, b, c]) x.onStateChange((e) => seen.push(`${e.name}:${e.to}:${e.reason}`));
    a.trip("slo_burn");
    b.force("open", { actor: "op", reason: "r", ttlMs: 3_000 });
    const start = clock.now();
    expect(tickBreakers([a, b, c])).toBe(start + 1_000);
    clock.advance(1_000);
    expect(tickBreakers([a, b, c])).toBe(start + 3_000);
    clock.advance(2_000);
    expect(tickBreakers([a, b, c])).toBeUndefined();
    expect(seen).toEqual(["a:open:slo_burn", "b:forced_open:forced", "a:half_open:wait_elapsed", "b:closed:override_expired"]);
  });
});
