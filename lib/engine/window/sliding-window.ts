import { z } from "zod";
import { CountWindow, countWindowSnapshotSchema } from "./count-window";
import type { WindowOptions } from "./options";
import { TimeWindow, timeWindowSnapshotSchema } from "./time-window";

export const windowSnapshotSchema = z.discriminatedUnion("type", [countWindowSnapshotSchema, timeWindowSnapshotSchema]);
export type WindowSnapshot = z.output<typeof windowSnapshotSchema>;

/**
 * Outcomes of recent calls. `record` is O(1) (amortised O(1) for time windows) and memory is fixed
 * by the options. `calls`, `failures` and `slow` are the totals over the window as of the last
 * `record`/`advance` call.
 */
export interface SlidingWindow {
  readonly calls: number;
  readonly failures: number;
  readonly slow: number;
  /** The number of calls the window can hold (count windows), or Infinity (time windows). */
  readonly capacity: number;
  record(failed: boolean, slow: boolean, now: number): void;
  /** Drops outcomes that have left the window by `now` (no-op for count windows). */
  advance(now: number): void;
  clear(): void;
  toJSON(): WindowSnapshot;
}

/** Builds a window; a snapshot is used only if it matches the options (otherwise the window starts empty). */
export function createSlidingWindow(options: WindowOptions, snapshot?: WindowSnapshot): SlidingWindow {
  if (options.type === "count") {
    const w = new CountWindow(options.size);
    if (snapshot?.type === "count" && snapshot.size === options.size) w.restore(snapshot);
    return w;
  }
  const w = new TimeWindow(options.seconds);
  if (snapshot?.type === "time" && snapshot.seconds === options.seconds) w.restore(snapshot);
  return w;
}
