"use client";
import { useEffect, useMemo, useState } from "react";
import type { BreakerDto, BulkheadDto } from "@/lib/contracts/breakers";
import { api } from "./api";
import { useSocketEvent, useTopics } from "./hooks";
import { sortBreakers, useLive } from "./stores/live";

/** Every breaker, live: the server-rendered list until the store knows better. */
export function useLiveBreakers(initial: BreakerDto[] = [], subscribe = true): BreakerDto[] {
  useTopics(subscribe ? ["breakers", "services"] : []);
  // services come and go: the list of breakers follows
  useSocketEvent("service:changed", () => {
    if (!subscribe) return;
    api
      .get<BreakerDto[]>("/api/v1/breakers")
      .then((list) => useLive.getState().replaceBreakers(list))
      .catch(() => undefined);
  });
  const seed = useLive((s) => s.seed);
  useEffect(() => seed(initial, undefined), [seed, initial]);
  const map = useLive((s) => s.breakers);
  const seq = useLive((s) => s.seq);
  return useMemo(() => {
    if (seq === 0 && Object.keys(map).length === 0) return sortBreakers(initial);
    return sortBreakers(Object.values(map));
  }, [map, seq, initial]);
}

/** One breaker, live. */
export function useLiveBreaker(initial: BreakerDto | null, subscribe = true): BreakerDto | null {
  useTopics(subscribe ? ["breakers"] : []);
  const seed = useLive((s) => s.seed);
  useEffect(() => {
    if (initial) seed([initial], undefined);
  }, [seed, initial]);
  const live = useLive((s) => (initial ? s.breakers[initial.name] : undefined));
  return live ?? initial;
}

export function useLiveBulkheads(initial: BulkheadDto[] = [], subscribe = true): BulkheadDto[] {
  useTopics(subscribe ? ["bulkheads"] : []);
  const seed = useLive((s) => s.seed);
  useEffect(() => seed(undefined, initial), [seed, initial]);
  const map = useLive((s) => s.bulkheads);
  const seq = useLive((s) => s.seq);
  return useMemo(() => {
    if (seq === 0 && Object.keys(map).length === 0) return initial;
    return Object.values(map).sort((a, b) => a.service.localeCompare(b.service));
  }, [map, seq, initial]);
}

export function useLiveBulkhead(initial: BulkheadDto | null, subscribe = true): BulkheadDto | null {
  useTopics(subscribe ? ["bulkheads"] : []);
  const seed = useLive((s) => s.seed);
  useEffect(() => {
    if (initial) seed(undefined, [initial]);
  }, [seed, initial]);
  const live = useLive((s) => (initial ? s.bulkheads[initial.service] : undefined));
  return live ?? initial;
}

/** Current time, ticking every `ms` (for countdowns). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(t);
  }, [ms]);
  return now;
}
