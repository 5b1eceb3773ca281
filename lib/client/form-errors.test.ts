import { describe, expect, it } from "vitest";
import { z } from "zod";
import { friendly, numberReader, placeOnFields, schemaErrors } from "./form-errors";

describe("form messages", () => {
  it("words zod's generic messages for people", () => {
    const s = z.object({ a: z.number().int().min(1).max(100), b: z.string().min(1), c: z.number().gt(0).lt(100), d: z.number() });
    expect(schemaErrors(s, { a: 1.5, b: "", c: 0, d: "x" })).toEqual({ a: "must be a whole number", b: "is required", c: "must be more than 0", d: "must be a number" });
    expect(schemaErrors(s, { a: 500, c: 100 })).toEqual({ a: "must be at most 100", b: "is required", c: "must be less than 100", d: "is required" });
    expect(schemaErrors(s, { a: 0, b: "x", c: 1, d: 1 })).toEqual({ a: "must be at least 1" });
    expect(friendly("must be between 0 and 100")).toBe("must be between 0 and 100");
  });

  it("lets checks made before the schema win", () => {
    const s = z.object({ n: z.number(), m: z.number() });
    const pre: Record<string, string> = {};
    const num = numberReader({ n: " ", m: "1e3x" }, pre);
    expect([num("n"), num("m")]).toEqual([undefined, undefined]);
    expect(schemaErrors(s, {}, pre)).toEqual({ n: "is required", m: "must be a number" });
    expect(numberReader({ n: " 42 " }, {})("n")).toBe(42);
  });

  it("puts a message on the field that shows it", () => {
    const fields = ["retry.retryOn", "options", "options.headers", "name"];
    expect(placeOnFields({ "retry.retryOn.2": "must be at most 599", name: "is required", "(body)": "bad" }, fields)).toEqual({ "retry.retryOn": "must be at most 599", name: "is required", "(body)": "bad" });
    // the longest matching field, the rest of the path kept in front of the message when asked
    expect(placeOnFields({ "options.headers.X-Y": "must not be empty" }, fields, true)).toEqual({ "options.headers": "X-Y: must not be empty" });
    // the first message for a field wins
    expect(placeOnFields({ "retry.retryOn.0": "first", "retry.retryOn.1": "second" }, fields)).toEqual({ "retry.retryOn": "first" });
  });
});
