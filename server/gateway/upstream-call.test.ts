// UpstreamCall against a real HTTP upstream through a real undici Pool, relaying into a real
// node:http response read by a real client.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Pool } from "undici";
import { Cancellation } from "@/lib/engine/cancellation";
import { UpstreamCall } from "./upstream-call";

const BIG = 4 * 1024 * 1024;
let upstream: http.Server;
let pool: Pool;
let origin: string;
let endlessClosed = false;

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    if (req.url === "/small") return void res.end("hello");
    if (req.url === "/big") {
      res.writeHead(200, { "content-length": String(BIG) });
      res.end(Buffer.alloc(BIG, 120));
      return;
    }
    if (req.url === "/endless") {
      // 64 KB every 5 ms until the client goes away
      res.writeHead(200);
      const t = setInterval(() => res.write(Buffer.alloc(64 * 1024, 121)), 5);
      res.on("close", () => {
        clearInterval(t);
        endlessClosed = true;
      });
      return;
    }
    if (req.url === "/hang") return; // never answers
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  pool = new Pool(origin, { connections: 4 });
});
afterAll(async () => {
  await pool.close();
  await new Promise((r) => upstream.close(r));
});

function start(path: string, c = new Cancellation()): UpstreamCall {
  const call = new UpstreamCall(c);
  pool.dispatch({ origin, path, method: "GET" }, call);
  return call;
}

/** A front server relaying `path` with UpstreamCall; returns what a client reads from it. */
async function viaFront(path: string, readSlowly = false): Promise<{ status: number; bytes: number }> {
  const front = http.createServer((_req, res) => {
    void start(path).done.then((call) => {
      res.writeHead(call.statusCode);
      call.relay(res);
    });
  });
  await new Promise<void>((r) => front.listen(0, "127.0.0.1", r));
  try {
    return await new Promise((resolve, reject) => {
      http.get(`http://127.0.0.1:${(front.address() as AddressInfo).port}/`, (res) => {
        let bytes = 0;
        res.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
          if (readSlowly) {
            res.pause();
            setTimeout(() => res.resume(), 1);
          }
        });
        res.on("end", () => resolve({ status: res.statusCode!, bytes }));
        res.on("error", reject);
      });
    });
  } finally {
    await new Promise((r) => front.close(r));
  }
}

describe("UpstreamCall", () => {
  it("settles at the headers with status and parsed headers, then relays the body it held", async () => {
    expect(await viaFront("/small")).toEqual({ status: 200, bytes: 5 });
    const call = await start("/small").done;
    expect(call.statusCode).toBe(200);
    expect(call.headers["content-length"]).toBe("5");
    call.discard();
  });

  it("relays a body larger than what it holds, through a slow reader, to the last byte", async () => {
    expect(await viaFront("/big", true)).toEqual({ status: 200, bytes: BIG });
  });

  it("rejects when cancelled before the upstream answers", async () => {
    const c = new Cancellation();
    const call = start("/hang", c);
    setTimeout(() => c.abort(new Error("timed out")), 20);
    await expect(call.done).rejects.toThrow();
  });

  it("a discarded response that goes on and on is aborted instead of being read to the end", async () => {
    const call = await start("/endless").done;
    call.discard();
    const deadline = Date.now() + 5000;
    while (!endlessClosed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(endlessClosed).toBe(true);
    // the pool still serves the next request
    const next = await start("/small").done;
    expect(next.statusCode).toBe(200);
    next.discard();
  });
});
