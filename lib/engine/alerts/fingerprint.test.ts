import { describe, expect, it } from "vitest";
import { fingerprint } from "./fingerprint";

describe("fingerprint", () => {
  it("is 16 hex digits, stable and independent of key order", () => {
    const a = fingerprint({ source: "breaker", name: "payments" });
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint({ name: "payments", source: "breaker" })).toBe(a);
    expect(fingerprint({ source: "breaker", name: "payments" })).toBe(a);
  });

  it("changes with any name or value, and cannot be fooled by shifting characters across labels", () => {
    const a = fingerprint({ source: "breaker", name: "payments" });
    expect(fingerprint({ source: "breaker", name: "orders" })).not.toBe(a);
    expect(fingerprint({ source: "breaker", nam: "epayments" })).not.toBe(a);
    expect(fingerprint({ ab: "c" })).not.toBe(fingerprint({ a: "bc" }));
    expect(fingerprint({})).toBe("cbf29ce484222325"); // FNV-1a 64 offset basis
  });

  it("hashes non-ASCII as UTF-8 (known FNV-1a 64 value for 'a' 0xFF 'b' 0xFF)", () => {
    expect(fingerprint({ service: "zürich" })).not.toBe(fingerprint({ service: "zurich" }));
    // FNV-1a 64 of bytes 61 ff 62 ff, computed by hand with the spec constants
    let h = 0xcbf29ce484222325n;
    for (const b of [0x61, 0xff, 0x62, 0xff]) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
    expect(fingerprint({ a: "b" })).toBe(h.toString(16).padStart(16, "0"));
  });
});
