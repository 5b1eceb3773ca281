"use client";
// Who set an operator override and until when ("by olga · until 14:05 (9 min left)"), counting down
// on the server's clock; the exact start and end are in the title (hover).
import { useNow } from "@/lib/client/live-hooks";
import { useLive } from "@/lib/client/stores/live";
import { useTimeFormat } from "./relative-time";

/** "12 s", "3 min 5 s", "2 h 4 min" */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

/** The server's "now" (local clock plus the skew from the last snapshot), ticking every second. */
export function useServerNow(): number {
  const now = useNow(1000);
  const skew = useLive((s) => s.clockSkewMs);
  return now + skew;
}

export interface OverrideInfo {
  actor: string;
  since: string;
  expiresAt?: string;
}

/** The note and its hover title for an override, or nulls without one. */
export function useOverrideNote(o: OverrideInfo | undefined): { note: string | null; title: string | undefined } {
  const serverNow = useServerNow();
  const fmt = useTimeFormat();
  if (!o) return { note: null, title: undefined };
  const until = o.expiresAt ? `until ${fmt.time(o.expiresAt)} (${formatDuration(Date.parse(o.expiresAt) - serverNow)} left)` : "until lifted";
  return { note: `by ${o.actor} · ${until}`, title: `Since ${fmt.exact(o.since)}${o.expiresAt ? `\nExpires ${fmt.exact(o.expiresAt)}` : ""}` };
}
