import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { FakeClock } from "../fake-clock";
import { MAX_PACED_CHUNK_BYTES, pacedChunkBytes, paceDelayMs, splitForPacing } from "./pacer";

/** Sends `body` (arriving from upstream in `upstreamChunk`-byte pieces) through the pacer on a fake clock. */
function send(bodyBytes: number, upstreamChunk: number, bytesPerSecond: number): { ms: number; sizes: number[] } {
  const clock = new FakeClock();
  const start = clock.now();
  const sizes: number[] = [];
  let sent = 0;
  for (let at = 0; at < bodyBytes; at += upstreamChunk) {
    for (const piece of splitForPacing(new Uint8Array(Math.min(upstreamChunk, bodyBytes - at)), bytesPerSecond)) {
      clock.advance(paceDelayMs(bytesPerSecond, sent, piece.byteLength, clock.now() - start));
      sent += piece.byteLength;
      sizes.push(piece.byteLength);
    }
  }
  return { ms: clock.now() - start, sizes };
}

describe("bandwidth pacer", () => {
  it.each([1_000, 10_000, 100_000, 1_000_000, 8_000_000])("sends 1 MB at %s B/s in 1e6/N s (± 20 %)", (n) => {
    const { ms, sizes } = send(1_000_000, 16_384, n);
    const expected = (1_000_000 / n) * 1000;
    expect(ms).toBeGreaterThanOrEqual(expected * 0.8);
    expect(ms).toBeLessThanOrEqual(expected * 1.2);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(pacedChunkBytes(n));
  });

  it("holds the rate for any body, upstream chunking and rate", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200_000 }), fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 64, max: 50_000_000 }), (body, chunk, n) => {
        const { ms } = send(body, chunk, n);
        const expected = (body / n) * 1000;
        // whole milliseconds: at most 1 ms late, never early
        expect(ms).toBeGreaterThanOrEqual(Math.floor(expected));
        expect(ms).toBeLessThanOrEqual(Math.ceil(expected) + 1);
      }),
      { numRuns: 100 },
    );
  });

  it("cuts chunks worth about 100 ms, between 1 byte and 64 KiB", () => {
    expect(pacedChunkBytes(64)).toBe(6);
    expect(pacedChunkBytes(5)).toBe(1);
    expect(pacedChunkBytes(100_000)).toBe(10_000);
    expect(pacedChunkBytes(1e9)).toBe(MAX_PACED_CHUNK_BYTES);
  });

  it("does not wait when the sender is behind schedule", () => {
    expect(paceDelayMs(1000, 0, 100, 0)).toBe(100);
    expect(paceDelayMs(1000, 1000, 100, 5000)).toBe(0);
  });

  it("splits without copying", () => {
    const buf = new Uint8Array(25);
    const parts = splitForPacing(buf, 100);
    expect(parts.map((p) => p.byteLength)).toEqual([10, 10, 5]);
    expect(parts.every((p) => p.buffer === buf.buffer)).toBe(true);
  });
});
