// Helpers for the Health page browser test: a real HTTP peer (node:http) that can be stopped and
// started again on the same port, like an upstream that dies and comes back.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface StoppablePeer {
  url: string;
  port: number;
  readonly running: boolean;
  /** Requests answered since the start. */
  readonly total: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startStoppablePeer(): Promise<StoppablePeer> {
  let total = 0;
  let running = false;
  const server = http.createServer((req, res) => {
    total++;
    req.resume();
    req.on("end", () => {
      if (req.url?.startsWith("/healthz")) {
        res.writeHead(200, { "content-type": "text/plain" });
        res.end("ok");
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: true, path: req.url }));
    });
  });
  server.keepAliveTimeout = 500;
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        running = true;
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  const stop = async () => {
    if (!running) return;
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    running = false;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get running() {
      return running;
    },
    get total() {
      return total;
    },
    stop,
    async start() {
      if (running) return;
      // the port was ours a moment ago; retry briefly in case the OS has not released it yet
      for (let i = 0; ; i++) {
        try {
          return await listen(port);
        } catch (err) {
          if (i >= 20) throw err;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    },
    close: stop,
  };
}
