// A size limit on API request bodies, enforced by the custom server before Next.js buffers anything:
// a declared Content-Length above the limit is refused at once; a body without one (chunked) is
// counted as it streams and refused the moment it passes the limit. Either way the client gets
// 413 payload_too_large in the JSON error shape, the rest of its body is read and dropped (never
// kept), and the connection is closed once the body ends or after a short grace.
import type { IncomingMessage, ServerResponse } from "node:http";
import { sendError } from "./json";

/** How long a refused client may keep sending (dropped) before its connection is cut. */
const DRAIN_GRACE_MS = 1000;

type Push = (chunk: unknown, encoding?: BufferEncoding) => boolean;

function tooLarge(res: ServerResponse, maxBytes: number, declared?: number): void {
  if (res.headersSent) return;
  const message = declared !== undefined
    ? `request body of ${declared} bytes exceeds the limit of ${maxBytes} bytes`
    : `request body exceeds the limit of ${maxBytes} bytes`;
  sendError(res, 413, "payload_too_large", message);
}

/**
 * Closes the connection once the 413 is sent and the refused body has ended, or after the grace,
 * whichever is first. Returns the function to call when the body ends.
 */
function closeAfterDrain(req: IncomingMessage, res: ServerResponse): () => void {
  const socket = req.socket;
  // When the client asked to close, Node destroys the socket as soon as the 413 is written: with
  // the client still sending, that resets the connection and the client may never read the 413.
  // Half-close instead (the client sees the end of the answer) and keep dropping what arrives.
  (socket as { destroySoon?: () => void }).destroySoon = () => void socket.end();
  let bodyEnded = false;
  const close = () => {
    clearTimeout(timer);
    if (!socket.destroyed) socket.destroy();
  };
  const timer = setTimeout(close, DRAIN_GRACE_MS);
  timer.unref();
  const maybeClose = () => {
    if (bodyEnded && res.writableFinished) close();
  };
  res.once("finish", maybeClose);
  socket.once("close", () => clearTimeout(timer));
  return () => {
    bodyEnded = true;
    maybeClose();
  };
}

/**
 * Enforces `maxBytes` on the body of `req`. Returns false when the request was answered here (413);
 * true when it may go on (its body is then counted as it streams, and cut off at the limit).
 */
export function limitRequestBody(req: IncomingMessage, res: ServerResponse, maxBytes: number): boolean {
  const header = req.headers["content-length"];
  const declared = header === undefined ? undefined : Number(header);
  if (declared !== undefined && Number.isFinite(declared) && declared > maxBytes) {
    tooLarge(res, maxBytes, declared);
    req.once("end", closeAfterDrain(req, res));
    req.resume(); // read and drop
    return false;
  }
  if (declared === undefined && req.headers["transfer-encoding"] === undefined) return true; // no body

  // The HTTP parser hands each body chunk to req.push: count there, before anything is buffered.
  const push = req.push.bind(req) as Push;
  let seen = 0;
  let refused: (() => void) | undefined; // set once refused: call when the body ends
  (req as { push: Push }).push = (chunk, encoding) => {
    if (chunk === null) {
      if (!refused) return push(null);
      // a refused body never ends for its reader: the connection is closed under it instead
      refused();
      return false;
    }
    if (refused) return true; // dropped
    seen += (chunk as Buffer).length;
    if (seen <= maxBytes) return push(chunk, encoding);
    tooLarge(res, maxBytes);
    refused = closeAfterDrain(req, res);
    return true;
  };
  return true;
}
