// "websocket" health check with ws: the handshake must succeed; optionally send a message and
// wait (until the signal aborts) for a reply containing the expected text.
import { performance } from "node:perf_hooks";
import WebSocket from "ws";
import {
  TARGET_HINTS,
  websocketOptionsSchema,
  type WebsocketOptions,
} from "@/lib/contracts/health";
import type { CheckResult, HealthChecker } from "../types";
import { describeError, prepareCheck, quote, result, timedOut, validateUrl } from "./common";
import { tlsConnectTrust } from "./tls";

function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString("utf8");
  return data.toString("utf8");
}

/** Ends a socket after the verdict: a polite close when open (terminated if the peer never answers it), else at once. */
function dispose(ws: WebSocket): void {
  ws.removeAllListeners();
  ws.on("error", () => {}); // errors after the verdict are irrelevant
  if (ws.readyState === WebSocket.OPEN) {
    ws.close(1000, "health check done");
    setTimeout(() => ws.terminate(), 1000).unref();
  } else {
    ws.terminate();
  }
}

/** The socket's events → the verdict: refused handshake, error, close, connected (and sent), reply. */
function watch(ws: WebSocket, o: WebsocketOptions, start: number, finish: (r: CheckResult) => void, onOpen: () => void): void {
  ws.on("unexpected-response", (_req, res) => {
    const code = res.statusCode ?? 0;
    res.resume();
    finish(result(false, start, `handshake failed: ${code}`));
  });
  ws.on("error", (err) => finish(result(false, start, describeError(err))));
  ws.on("close", (code) => {
    const why = `closed by the peer (code ${code})`;
    finish(result(false, start, o.expect !== undefined ? `${why} before a reply containing ${quote(o.expect)}` : why));
  });
  ws.on("open", () => {
    onOpen();
    const sent = () => {
      if (o.expect === undefined) finish(result(true, start, o.send !== undefined ? "connected, message sent" : "connected"));
    };
    if (o.send !== undefined) {
      ws.send(o.send, (err) => (err ? finish(result(false, start, `send failed: ${describeError(err)}`)) : sent()));
    } else sent();
  });
  ws.on("message", (data) => {
    if (o.expect === undefined) return;
    if (rawText(data).includes(o.expect)) finish(result(true, start, `reply contains ${quote(o.expect)}`));
  });
}

export const websocketChecker: HealthChecker<WebsocketOptions> = {
  name: "websocket",
  optionsSchema: websocketOptionsSchema,

  validateTarget(target) {
    return validateUrl(target, ["ws:", "wss:"], TARGET_HINTS.websocket);
  },

  check(target, rawOptions, signal): Promise<CheckResult> {
    const start = performance.now();
    const prepared = prepareCheck(websocketOptionsSchema, rawOptions, start, signal);
    if ("done" in prepared) return Promise.resolve(prepared.done);
    const o = prepared.options;

    return new Promise<CheckResult>((resolve) => {
      let ws: WebSocket | undefined;
      let opened = false;
      let settled = false;
      const finish = (r: CheckResult) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener("abort", onAbort);
        if (ws) dispose(ws);
        resolve(r);
      };
      const onAbort = () => {
        if (opened && o.expect !== undefined) {
          finish(result(false, start, `no reply containing ${quote(o.expect)} within the timeout`));
        } else finish(timedOut(start, signal));
      };
      signal.addEventListener("abort", onAbort, { once: true });

      try {
        ws = new WebSocket(target.trim(), {
          headers: o.headers,
          ...tlsConnectTrust(o),
          followRedirects: false,
          perMessageDeflate: false,
          maxPayload: 1024 * 1024,
        });
      } catch (err) {
        finish(result(false, start, describeError(err)));
        return;
      }
      watch(ws, o, start, finish, () => (opened = true));
    });
  },
};
