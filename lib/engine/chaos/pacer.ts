/**
 * Paces a response body to `bytesPerSecond`: the body is cut into chunks worth about 100 ms each
 * (at least 1 byte, at most 64 KiB), and each chunk waits until sending it keeps the average at or
 * below the rate. So N bytes take N / bytesPerSecond seconds, whatever the chunk sizes the upstream
 * delivers.
 */
export const MAX_PACED_CHUNK_BYTES = 64 * 1024;

/** How many bytes to send at once at this rate. */
export function pacedChunkBytes(bytesPerSecond: number): number {
  return Math.max(1, Math.min(MAX_PACED_CHUNK_BYTES, Math.floor(bytesPerSecond / 10)));
}

/**
 * Milliseconds to wait before sending the next `nextChunkBytes`, given `bytesSent` so far and
 * `elapsedMs` since the first byte could have been sent. 0 when the sender is behind schedule.
 */
export function paceDelayMs(bytesPerSecond: number, bytesSent: number, nextChunkBytes: number, elapsedMs: number): number {
  const dueMs = ((bytesSent + nextChunkBytes) * 1000) / bytesPerSecond;
  return Math.max(0, Math.ceil(dueMs - elapsedMs));
}

/** Splits a chunk the upstream delivered into paced pieces (views, no copies). */
export function splitForPacing(chunk: Uint8Array, bytesPerSecond: number): Uint8Array[] {
  const size = pacedChunkBytes(bytesPerSecond);
  if (chunk.byteLength <= size) return [chunk];
  const parts: Uint8Array[] = [];
  for (let at = 0; at < chunk.byteLength; at += size) parts.push(chunk.subarray(at, Math.min(chunk.byteLength, at + size)));
  return parts;
}
