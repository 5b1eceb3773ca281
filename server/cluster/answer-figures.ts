// The cluster's answer figures, for chaos `error_rate` stop conditions (docs/CHAOS.md "Cluster
// mode"): which services this instance asks the cluster about, what the other instances shared for
// them (per 10-s slot: answers and failures), and what this instance shared last. No I/O:
// answer-exchange.ts moves them through Redis.
import type { Clock } from "@/lib/engine/clock";
import { sumSlotAnswers, type SlotAnswers } from "../traffic/answers";

/** A service stays asked about for this long after the last question; then its figures are dropped. */
export const ANSWERS_ASKED_MS = 5_000;
/** Unchanged figures are shared again after this (a Redis that lost them gets them back). */
export const ANSWERS_RESHARE_MS = 10_000;

const isSlot = (s: unknown): s is SlotAnswers => Array.isArray(s) && s.length === 3 && s.every((n) => typeof n === "number" && Number.isFinite(n) && n >= 0);

/** The slots of one instance's shared JSON (`{at, slots}`), or null when it is not ours. */
export function parseSharedAnswers(json: string): SlotAnswers[] | null {
  try {
    const v = JSON.parse(json) as { slots?: unknown };
    return Array.isArray(v?.slots) && v.slots.every(isSlot) ? v.slots : null;
  } catch {
    return null;
  }
}

export function createAnswerFigures(instanceId: string, clock: Pick<Clock, "now">) {
  /** service → when it was last asked about */
  const asked = new Map<string, number>();
  /** service → other instance → its slots, as last read */
  const others = new Map<string, Map<string, SlotAnswers[]>>();
  /** service → what this instance shared last (its slots as JSON) and when */
  const shared = new Map<string, { slots: string; at: number }>();

  return {
    /**
     * The other instances' answers and failures for `service` in the slots covering [fromMs, toMs),
     * as last read (nothing until the next exchange after the first question). Keeps it asked about.
     */
    othersIn(service: string, fromMs: number, toMs: number): { answered: number; failed: number } {
      asked.set(service, clock.now());
      return sumSlotAnswers(others.get(service)?.values() ?? [], fromMs, toMs);
    },
    /** Services asked about in the last ANSWERS_ASKED_MS; the others' figures of services no longer asked are dropped. */
    asked(): string[] {
      const now = clock.now();
      for (const [service, at] of asked) {
        if (now - at < ANSWERS_ASKED_MS) continue;
        asked.delete(service);
        others.delete(service);
      }
      return [...asked.keys()];
    },
    /** A service's shared hash as read (instance id → JSON); this instance's own field is skipped, unreadable ones too. */
    absorb(service: string, fields: Record<string, string>): void {
      if (!asked.has(service)) return;
      const m = new Map<string, SlotAnswers[]>();
      for (const [instance, json] of Object.entries(fields)) {
        if (instance === instanceId) continue;
        const slots = parseSharedAnswers(json);
        if (slots) m.set(instance, slots);
      }
      others.set(service, m);
    },
    /** The JSON to share for `service`: undefined without answers, or when unchanged and shared within ANSWERS_RESHARE_MS. */
    toShare(service: string, slots: SlotAnswers[]): string | undefined {
      if (slots.length === 0) return undefined;
      const now = clock.now();
      const json = JSON.stringify(slots);
      const last = shared.get(service);
      if (last && last.slots === json && now - last.at < ANSWERS_RESHARE_MS) return undefined;
      shared.set(service, { slots: json, at: now });
      return `{"at":${now},"slots":${json}}`;
    },
    /** The service is gone. */
    forget(service: string): void {
      asked.delete(service);
      others.delete(service);
      shared.delete(service);
    },
  };
}
export type AnswerFigures = ReturnType<typeof createAnswerFigures>;
