// A body that stops arriving is aborted after BODY_STALL_MS without a byte, on a fake clock, with a
// real upstream, a real undici Pool (its own body timer off, as the gateway's) and a real client
// reading through a front server that relays with UpstreamCall.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Pool } from "undici";
import { Cancellation } from "@/lib/engine/cancellation";
import { FakeClock } from "@/lib/engine/fake-clock";
import { BODY_STALL_MS, BodyStallWatch } from "./body-stall";
import { UpstreamCall } from "./upstream-call";

let upstream: http.Server;
let front: http.Server;
let pool: Pool;
let origin: string;
let frontUrl: string;
/** The upstream's open "/slow" response: the test writes its chunks. */
let slow: http.ServerResponse | undefined;
let slowClosed = false;
let clock: FakeClock;
let stalls: BodyStallWatch;

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    if (req.url === "/small") return void res.end("hello");
    res.writeHead(200, { "content-type": "text/plain" });
    res.write("first;");
    slow = res;
    slowClosed = false;
    res.on("close", () => (slowClosed = true));
  });
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  pool = new Pool(origin, { connections: 2, bodyTimeout: 0, headersTimeout: 0 });
  front = http.createServer((req, res) => {
    const call = new UpstreamCall(new Cancellation(), stalls);
    pool.dispatch({ origin, path: req.url!, method: "GET" }, call);
    void call.done.then((c) => {
      res.writeHead(c.statusCode);
      c.relay(res);
    });
  });
  await new Promise<void>((r) => front.listen(0, "127.0.0.1", r));
  frontUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
});
afterEach(() => slow?.destroy());
afterAll(async () => {
  await pool.close();
  await new Promise((r) => front.close(r));
  await new Promise((r) => upstream.close(r));
});

async function until(what: string, cond: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A client reading `path` through the front: what it has received so far and how it ended. */
function read(path: string) {
  const got = { body: "", ended: false, aborted: false };
  http.get(`${frontUrl}${path}`, (res) => {
    res.setEncoding("utf8");
    res.on("data", (s: string) => (got.body += s));
    res.on("end", () => (got.ended = true));
    res.on("error", () => (got.aborted = true));
    res.on("aborted", () => (got.aborted = true));
  }).on("error", () => (got.aborted = true));
  return got;
}

describe("BodyStallWatch", () => {
  it("aborts a relayed body after BODY_STALL_MS without a byte, and each chunk starts the wait again", async () => {
    clock = new FakeClock();
    stalls = new BodyStallWatch(clock);
    const got = read("/slow");
    await until("the first chunk", () => got.body === "first;");
    clock.advance(BODY_STALL_MS - 100_000);
    slow!.write("second;");
    await until("the second chunk", () => got.body === "first;second;");
    clock.advance(BODY_STALL_MS - 1); // the first chunk is long past its stall, the second is not
    await new Promise((r) => setTimeout(r, 50));
    expect(got.aborted).toBe(false);
    expect(slowClosed).toBe(false);
    clock.advance(1);
    await until("the client's response to be cut off", () => got.aborted);
    expect(got.ended).toBe(false);
    await until("the upstream response to be closed", () => slowClosed);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("a response that ends leaves the watch at once (no timer left behind)", async () => {
    clock = new FakeClock();
    stalls = new BodyStallWatch(clock);
    const got = read("/slow");
    await until("the first chunk", () => got.body === "first;");
    expect(clock.pendingTimers()).toBe(1);
    slow!.end("last");
    await until("the end", () => got.ended);
    expect(got.body).toBe("first;last");
    expect(clock.pendingTimers()).toBe(0);
    const small = read("/small");
    await until("a small response", () => small.ended);
    expect(small.body).toBe("hello");
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(BODY_STALL_MS * 2);
    expect(small.aborted || got.aborted).toBe(false);
  });
});
