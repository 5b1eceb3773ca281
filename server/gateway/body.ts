// Request bodies: small bodies of retryable requests are buffered so a retry can send them again;
// everything else streams through, counted against the size limit.
import type { IncomingMessage } from "node:http";
import { Transform, type TransformCallback } from "node:stream";

export class PayloadTooLargeError extends Error {
  readonly code = "payload_too_large";
  constructor(public readonly limit: number) {
    super(`request body exceeds ${limit} bytes`);
  }
}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        reject(new PayloadTooLargeError(limit));
        return;
      }
      chunks.push(c);
    });
    req.once("end", () => resolve(Buffer.concat(chunks, size)));
    req.once("error", reject);
    req.once("aborted", () => reject(new Error("client aborted the request body")));
  });
}

/** Passes bytes through until `limit`, then fails with PayloadTooLargeError. */
export class LimitStream extends Transform {
  private seen = 0;
  tooLarge = false;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) {
      this.tooLarge = true;
      cb(new PayloadTooLargeError(this.limit));
      return;
    }
    cb(null, chunk);
  }
}
