// Timeouts of one length without a clock timer each (the engine's attempt timeouts; the gateway's
// body-stall timeouts, which `restart` on every chunk). Timeouts of the same length expire in
// the order they started, so a FIFO list holds them and ONE clock timer is armed, for the oldest.
// Stopping a timeout unlinks it (O(1)) and leaves the timer alone; when the timer fires it expires
// every due timeout and re-arms for the next one, so a timeout fires at its deadline on the clock
// (never earlier), as late as a timer of its own would. The timer is cleared when the list empties.
import type { Clock, TimerHandle } from "../clock";

/** One pending timeout; the owner subclasses it (no closure per timeout). */
export abstract class ListedTimeout {
  /** Clock time at which it expires. */
  deadline = 0;
  prev: ListedTimeout | null = null;
  next: ListedTimeout | null = null;
  list: TimeoutList | null = null;

  /** Called once, at the deadline, after it has left its list. */
  abstract expire(): void;
}

export class TimeoutList {
  private head: ListedTimeout | null = null;
  private tail: ListedTimeout | null = null;
  private timer: TimerHandle = undefined;
  private armed = false;
  /** The clock time the last entry started at (a clock that steps back is caught up with). */
  private lastStart = -Infinity;
  private readonly fire = (): void => this.onTimer();

  constructor(
    private readonly clock: Clock,
    /** The length of every timeout on this list, in ms (> 0). */
    readonly ms: number,
  ) {}

  get empty(): boolean {
    return this.head === null;
  }

  /** Starts `t`'s timeout at clock time `now` (the caller's reading of `clock.now()`). */
  start(t: ListedTimeout, now: number): void {
    if (now < this.lastStart) this.shift(now - this.lastStart);
    this.lastStart = now;
    t.deadline = now + this.ms;
    t.list = this;
    t.prev = this.tail;
    t.next = null;
    if (this.tail) this.tail.next = t;
    else this.head = t;
    this.tail = t;
    if (!this.armed) this.arm(now);
  }

  /**
   * Starts `t`'s timeout again from `now` (an idle timeout that saw activity): it moves to the end of
   * the list; the armed timer is left alone (if it fires for `t`'s old deadline it finds nothing due
   * and arms again), so refreshing costs no timer. Restarted again within the same clock
   * millisecond (a response's headers and first chunk, usually) it is already where it belongs.
   */
  restart(t: ListedTimeout, now: number): void {
    if (t.list === this) {
      if (t.deadline === now + this.ms && now >= this.lastStart) return;
      this.unlink(t);
    }
    this.start(t, now);
  }

  /** Stops `t`'s timeout (nothing happens if it is not on this list). */
  stop(t: ListedTimeout): void {
    if (t.list !== this) return;
    this.unlink(t);
    if (this.head === null && this.armed) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
      this.armed = false;
    }
  }

  private onTimer(): void {
    this.armed = false;
    this.timer = undefined;
    const now = this.clock.now();
    if (now < this.lastStart) this.shift(now - this.lastStart);
    try {
      for (let t = this.head; t !== null && t.deadline <= now; t = this.head) {
        this.unlink(t);
        t.expire();
      }
    } finally {
      // expire() may have started or stopped timeouts (and armed the timer again), or thrown
      if (this.head !== null && !this.armed) this.arm(now);
    }
  }

  private arm(now: number): void {
    this.armed = true;
    this.timer = this.clock.setTimeout(this.fire, (this.head as ListedTimeout).deadline - now);
  }

  private unlink(t: ListedTimeout): void {
    if (t.prev) t.prev.next = t.next;
    else this.head = t.next;
    if (t.next) t.next.prev = t.prev;
    else this.tail = t.prev;
    t.prev = t.next = null;
    t.list = null;
  }

  /**
   * The clock stepped back by `-by` ms: every pending deadline moves with it, so each keeps the
   * time it had left (a timer of its own would not have waited for the clock to catch up).
   */
  private shift(by: number): void {
    for (let t = this.head; t !== null; t = t.next) t.deadline += by;
    this.lastStart += by;
  }
}
