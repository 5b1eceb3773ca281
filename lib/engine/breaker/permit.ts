import type { BreakerPermit, PermitOutcome } from "./types";

export const enum PermitKind {
  Normal = 0,
  Trial = 1,
  Bypass = 2,
}

const KIND_NAMES = ["normal", "trial", "bypass"] as const;

/** What a permit reports back to; implemented by the breaker. */
export interface PermitOwner {
  clockNow(): number;
  readonly slowCallDurationMs: number;
  /** `now` is undefined when the caller supplied the duration and no time (the owner reads the clock only if it needs it). */
  permitDone(permit: Permit, failed: boolean, slow: boolean, durationMs: number, now: number | undefined): void;
  permitReleased(permit: Permit): void;
}

export class Permit implements BreakerPermit {
  readonly ok = true as const;
  done = false;

  constructor(
    private readonly owner: PermitOwner,
    /** The breaker's epoch when issued: a permit from an earlier state never touches the current one. */
    readonly epoch: number,
    readonly kindCode: PermitKind,
    readonly startedAt: number,
  ) {}

  get kind(): BreakerPermit["kind"] {
    return KIND_NAMES[this.kindCode];
  }

  success(durationMs?: number): void {
    this.finish(false, undefined, durationMs);
  }

  failure(durationMs?: number): void {
    this.finish(true, undefined, durationMs);
  }

  record(outcome: PermitOutcome): void {
    this.finish(outcome.failed, outcome.slow, outcome.durationMs, outcome.at);
  }

  release(): void {
    if (this.done) return;
    this.done = true;
    this.owner.permitReleased(this);
  }

  private finish(failed: boolean, slow: boolean | undefined, durationMs: number | undefined, at?: number): void {
    if (this.done) return;
    this.done = true;
    let now = at;
    let duration = durationMs;
    if (duration === undefined) {
      now ??= this.owner.clockNow();
      duration = Math.max(0, now - this.startedAt);
    }
    this.owner.permitDone(this, failed, slow ?? duration >= this.owner.slowCallDurationMs, duration, now);
  }
}
