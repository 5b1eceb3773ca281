// Chaos faults where the upstream call would be (docs/CHAOS.md): the latency before each attempt
// (inside the attempt, so the service's timeout still cuts it short), an error answered without
// calling the upstream, a connection reset instead of the call, and a paced response body. The
// guards around the attempt (breaker, retry, timeout, bulkheads) and everything that watches them
// see these exactly as upstream failures. A request with no running experiment never gets here.
import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline, Transform } from "node:stream";
import type { Cancellation } from "@/lib/engine/cancellation";
import type { Clock, TimerHandle } from "@/lib/engine/clock";
import type { FaultDecision } from "@/lib/engine/chaos/selection";
import { paceDelayMs, splitForPacing } from "@/lib/engine/chaos/pacer";
import type { ChaosInjector } from "../chaos/injector";
import { UpstreamCall } from "./upstream-call";
import { parseUserKeySource, userKeyOf, type UserKeySource } from "./user-key";

/** Finds the running experiment's injector for a service (undefined: none, the usual case). */
export type ChaosLookup = (service: string) => ChaosInjector | undefined;
export type InScopeDecision = Extract<FaultDecision, { inScope: true }>;

/** Without a per-user bulkhead, the user key is read as its default would read it. */
const DEFAULT_USER_KEY: UserKeySource = parseUserKeySource("header:x-user-id");

/** Draws this request's faults (once per request; every attempt of the request gets them). */
export function decideFaults(
  injector: ChaosInjector,
  source: UserKeySource | undefined,
  userKey: string | undefined,
  req: IncomingMessage,
  rawQuery: string,
  ip: string,
): InScopeDecision | undefined {
  const key = source ? userKey : userKeyOf(DEFAULT_USER_KEY, req.headers, rawQuery, ip);
  const d = injector.decide({ headers: req.headers, ...(key !== undefined ? { userKey: key } : {}) });
  return d.inScope && d.injected.length > 0 ? d : undefined;
}

/** What the client saw, for the experiment's error rate: a 5xx or 429 answer is a failure. */
export function clientFailed(status: number): boolean {
  return status >= 500 || status === 429;
}

/** An upstream connection reset, as the guards see one from the network. */
export function connectionReset(): Error {
  return Object.assign(new Error("read ECONNRESET (chaos experiment: upstream connection reset)"), { code: "ECONNRESET" });
}

function delay(clock: Clock, ms: number, c: Cancellation): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (reason: unknown) => {
      clock.clearTimeout(handle);
      reject(reason instanceof Error ? reason : new Error("attempt cancelled"));
    };
    const handle = clock.setTimeout(() => {
      c.offAbort(onAbort);
      resolve();
    }, ms);
    c.onAbort(onAbort);
  });
}

/** Wraps every attempt of the request with its faults (counted as injected once, at the first attempt). */
export function faultyAttempt(
  injector: ChaosInjector,
  d: InScopeDecision,
  clock: Clock,
  attempt: (c: Cancellation) => Promise<UpstreamCall>,
): (c: Cancellation) => Promise<UpstreamCall> {
  let counted = false;
  return async (c) => {
    if (!counted) {
      counted = true;
      injector.applied(d.injected);
    }
    if (d.delayMs > 0) await delay(clock, d.delayMs, c);
    if (c.aborted) throw c.reason;
    const t = d.terminal;
    if (t?.type === "error") {
      const body = Buffer.from(t.body ?? "");
      return UpstreamCall.answered(c, t.status, { "content-type": "text/plain; charset=utf-8", "content-length": String(body.length) }, body);
    }
    if (t?.type === "abort") throw connectionReset();
    return attempt(c);
  };
}

/** A stream that lets bytes through at `bytesPerSecond` (chunks of about 100 ms each). */
export function pacedStream(bytesPerSecond: number, clock: Clock): Transform {
  let sent = 0;
  let start: number | undefined;
  let timer: TimerHandle | undefined;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      start ??= clock.now();
      const parts = splitForPacing(chunk, bytesPerSecond);
      let i = 0;
      const next = (): void => {
        const part = parts[i++];
        if (!part) return done();
        const send = () => {
          timer = undefined;
          sent += part.byteLength;
          this.push(part);
          next();
        };
        const wait = paceDelayMs(bytesPerSecond, sent, part.byteLength, clock.now() - (start as number));
        if (wait > 0) timer = clock.setTimeout(send, wait);
        else send();
      };
      next();
    },
    destroy(err, callback) {
      if (timer !== undefined) clock.clearTimeout(timer);
      callback(err);
    },
  });
}

/** Relays the upstream's body to the client at `bytesPerSecond`. */
export function relayPaced(call: UpstreamCall, res: ServerResponse, bytesPerSecond: number, clock: Clock): void {
  const paced = pacedStream(bytesPerSecond, clock);
  pipeline(paced, res, () => undefined); // the client going away ends the pacing (and the relay aborts)
  call.relay(paced);
}
