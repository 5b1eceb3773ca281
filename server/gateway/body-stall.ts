// An upstream response body that stops arriving ends the exchange: when no byte has moved for
// BODY_STALL_MS (5 minutes) since the headers or the last chunk, the response is aborted (the client's
// connection is closed, as for any upstream failure mid-body). One TimeoutList per gateway holds the
// stall timeout of every response being received, and the response's own UpstreamCall is the entry:
// nothing is allocated per response and a finished response leaves the list at once.
//
// This replaces undici's `bodyTimeout` (switched off on the gateway's pools): undici arms a timer
// object per response and drops a cleared one only on its next half-second tick, so at thousands of
// responses a second those objects outlive two young-generation collections, reach the old
// generation, and the major collections that clear them every few seconds were the gateway's p99.
import type { Clock } from "@/lib/engine/clock";
import { TimeoutList, type ListedTimeout } from "@/lib/engine/timeout/timeout-list";

export const BODY_STALL_MS = 300_000;

export class UpstreamBodyStalled extends Error {
  readonly code = "upstream_body_stalled";
  constructor(ms: number) {
    super(`upstream response body stalled: no data for ${ms / 1000} s`);
    this.name = "UpstreamBodyStalled";
  }
}

export class BodyStallWatch {
  private readonly list: TimeoutList;

  constructor(
    private readonly clock: Clock,
    readonly ms = BODY_STALL_MS,
  ) {
    this.list = new TimeoutList(clock, ms);
  }

  /** Bytes (or the headers) arrived: `t` stalls `ms` from now. */
  touch(t: ListedTimeout): void {
    this.list.restart(t, this.clock.now());
  }

  /** The body ended (or failed): `t` no longer stalls. */
  stop(t: ListedTimeout): void {
    this.list.stop(t);
  }
}
