"use client";
import { useCallback, useMemo, useState } from "react";
import { worstFirst, type ServiceTraffic, type TrafficServices } from "@/lib/contracts/traffic";
import { api } from "./api";
import { useSocketEvent, useTopics } from "./hooks";

/** Slots a sparkline shows: the last 5 minutes. */
export const SPARK_SLOTS = 30;

/**
 * Per-service traffic of this instance: fetched when the "traffic" topic is acknowledged (first
 * time and after every reconnect), then kept current by `traffic:stats`. Worst first.
 */
export function useServiceTraffic(initial: ServiceTraffic[] = []): { list: ServiceTraffic[]; byName: Map<string, ServiceTraffic> } {
  const [byService, setByService] = useState<Record<string, ServiceTraffic>>(() => Object.fromEntries(initial.map((s) => [s.service, s])));
  const refetch = useCallback(async () => {
    try {
      const r = await api.get<TrafficServices>("/api/v1/traffic/services");
      setByService(Object.fromEntries(r.services.map((s) => [s.service, s])));
    } catch {
      // keep what we have; the next reconnect tries again
    }
  }, []);
  useTopics(["traffic"], () => void refetch());
  useSocketEvent("traffic:stats", (p) => setByService((prev) => ({ ...prev, ...Object.fromEntries(p.services.map((s) => [s.service, s])) })));
  return useMemo(() => {
    const list = Object.values(byService).sort(worstFirst);
    return { list, byName: new Map(list.map((s) => [s.service, s])) };
  }, [byService]);
}
