// One attempt against the upstream, on undici's dispatch API: no Readable per response and no
// AbortSignal. The attempt settles at the response headers (what the engine's timeout
// covers); the body is then either relayed straight into the client's ServerResponse, with
// backpressure (pause/resume on the dispatch controller), or discarded so a retry can run. From the
// headers on, a body that stops arriving is aborted by the gateway's BodyStallWatch.
import type { IncomingHttpHeaders } from "node:http";
import type { Writable } from "node:stream";
import type { Dispatcher } from "undici";
import type { AbortHandler, Cancellation } from "@/lib/engine/cancellation";
import type { DirectResult, SettleTarget } from "@/lib/engine/timeout/timeout";
import { ListedTimeout } from "@/lib/engine/timeout/timeout-list";
import { UpstreamBodyStalled, type BodyStallWatch } from "./body-stall";

/** Bytes held before the response is relayed (the gap between headers and the engine's verdict). */
const HOLD_BYTES = 64 * 1024;
/** A discarded response is read this far (so its connection can be reused), then aborted. */
const DISCARD_BYTES = 128 * 1024;

/** How an attempt settled: response headers in, or failed before them. */
type Settled = { ok: true } | { ok: false; error: unknown };
const OK: Settled = { ok: true };

function tell(target: SettleTarget<UpstreamCall>, call: UpstreamCall, o: Settled): void {
  if (o.ok) target.onValue(call);
  else target.onError(o.error);
}

const enum Phase {
  Waiting, // no response headers yet
  Holding, // headers in, the engine has not decided
  Relaying,
  Discarding,
}

export class UpstreamCall extends ListedTimeout implements Dispatcher.DispatchHandler, AbortHandler, DirectResult<UpstreamCall> {
  statusCode = 0;
  headers: IncomingHttpHeaders = {};
  private phase = Phase.Waiting;
  private controller: Dispatcher.DispatchController | undefined = undefined;
  /** Told when the response headers arrive or the exchange fails before them (the engine's timed run). */
  private target: SettleTarget<UpstreamCall> | undefined = undefined;
  /** The `done` promise and its resolvers, made only when something asks for it. */
  private donePromise: Promise<UpstreamCall> | undefined = undefined;
  private doneTarget: SettleTarget<UpstreamCall> | undefined = undefined;
  /** How it settled (undefined: not yet). */
  private outcome: Settled | undefined = undefined;
  private held: Buffer[] | undefined = undefined;
  private heldBytes = 0;
  private ended = false;
  private failure: Error | undefined = undefined;
  private res: Writable | undefined = undefined;
  private cancelled: Error | undefined = undefined;

  constructor(
    cancellation: Cancellation,
    /** Aborts the response when its body stalls (none: a response made by the gateway). */
    private readonly stalls?: BodyStallWatch,
  ) {
    super();
    // the engine aborts the attempt (timeout, client gone) through the cancellation (handleAbort)
    cancellation.onAbort(this);
  }

  /** The engine's timed run takes the outcome straight from here (no promise per attempt). */
  settleInto(target: SettleTarget<UpstreamCall>): void {
    if (this.outcome !== undefined) tell(target, this, this.outcome);
    else this.target = target;
  }

  /** Settles at the response headers; rejects when the exchange fails before them. Made on first use. */
  get done(): Promise<UpstreamCall> {
    this.donePromise ??= new Promise<UpstreamCall>((resolve, reject) => {
      if (this.outcome !== undefined) tell({ onValue: resolve, onError: reject }, this, this.outcome);
      else this.doneTarget = { onValue: resolve, onError: reject };
    });
    return this.donePromise;
  }

  private settle(o: Settled): void {
    if (this.outcome !== undefined) return;
    this.outcome = o;
    if (this.target !== undefined) tell(this.target, this, o);
    if (this.doneTarget !== undefined) tell(this.doneTarget, this, o);
  }

  /** The engine cancelled the attempt. */
  handleAbort(reason: unknown): void {
    this.abort(reason instanceof Error ? reason : new Error("attempt cancelled"));
  }

  /** The body stalled (the list of `stalls` calls this). */
  expire(): void {
    this.abort(new UpstreamBodyStalled(this.stalls!.ms));
  }

  /** A complete response made by the gateway instead of the upstream (a chaos experiment's error). */
  static answered(cancellation: Cancellation, statusCode: number, headers: IncomingHttpHeaders, body: Buffer): UpstreamCall {
    const call = new UpstreamCall(cancellation);
    call.statusCode = statusCode;
    call.headers = headers;
    call.phase = Phase.Holding;
    call.held = [body];
    call.heldBytes = body.length;
    call.ended = true;
    call.settle(OK);
    return call;
  }

  /** Ends the exchange with the upstream (before or after the headers). */
  abort(reason: Error): void {
    if (this.ended || this.failure) return;
    this.cancelled ??= reason;
    this.controller?.abort(reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.cancelled) controller.abort(this.cancelled);
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    if (this.cancelled) return controller.abort(this.cancelled);
    this.statusCode = statusCode;
    this.headers = headers;
    this.phase = Phase.Holding;
    this.stalls?.touch(this);
    this.settle(OK);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.stalls?.touch(this);
    switch (this.phase) {
      case Phase.Relaying:
        if (!this.res!.write(chunk)) this.pauseUntilDrain(controller);
        return;
      case Phase.Holding:
        (this.held ??= []).push(chunk);
        this.heldBytes += chunk.length;
        if (this.heldBytes > HOLD_BYTES) controller.pause();
        return;
      case Phase.Discarding:
        this.heldBytes += chunk.length;
        if (this.heldBytes > DISCARD_BYTES) controller.abort(new Error("discarded response"));
        return;
    }
  }

  onResponseEnd(): void {
    this.ended = true;
    this.stalls?.stop(this);
    if (this.phase === Phase.Relaying) this.res!.end();
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    this.stalls?.stop(this);
    if (this.phase === Phase.Waiting) return this.settle({ ok: false, error: err });
    this.failure = err;
    if (this.phase === Phase.Relaying) this.res!.destroy(err);
  }

  /** Relays the (held and remaining) body into `res` (the client's response, whose head has been written). */
  relay(res: Writable): void {
    this.phase = Phase.Relaying;
    this.res = res;
    const held = this.held;
    this.held = undefined;
    // the usual small response is complete already: head and body leave in one write
    if (this.ended && held?.length === 1) return void res.end(held[0]);
    let writable = true;
    if (held) for (const chunk of held) writable = res.write(chunk);
    if (this.failure) res.destroy(this.failure);
    else if (this.ended) res.end();
    else if (this.controller?.paused) {
      if (writable) this.controller.resume();
      else this.pauseUntilDrain(this.controller);
    }
  }

  /** Drops the response (retried, or nobody left to send it to). */
  discard(): void {
    this.phase = Phase.Discarding;
    this.held = undefined;
    if (this.ended || this.failure) return;
    if (this.heldBytes > DISCARD_BYTES) this.controller?.abort(new Error("discarded response"));
    else if (this.controller?.paused) this.controller.resume();
  }

  private pauseUntilDrain(controller: Dispatcher.DispatchController): void {
    controller.pause();
    this.res!.once("drain", () => {
      // the wait for the upstream's next byte starts again once our client has taken what it had
      if (!this.ended && !this.failure) this.stalls?.touch(this);
      controller.resume();
    });
  }
}
