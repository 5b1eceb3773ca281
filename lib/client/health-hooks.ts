"use client";
// Health checks, live: the server-rendered list, re-fetched whenever the "health" subscription is
// (re-)acknowledged, with the latest `health:result` of each check laid over it.
import { useCallback, useEffect, useMemo, useState } from "react";
import type { HealthCheckDto, HealthMinuteDto, HealthResultDto } from "@/lib/contracts/health";
import { api } from "./api";
import { useTopics } from "./hooks";
import { overlay, useHealth } from "./stores/health";

export interface HealthResults {
  check: HealthCheckDto;
  recent: HealthResultDto[];
  minutes: HealthMinuteDto[];
}

export function useLiveHealthChecks(initial: HealthCheckDto[]): HealthCheckDto[] {
  const [list, setList] = useState(initial);
  useEffect(() => setList(initial), [initial]);
  const refetch = useCallback(() => {
    api
      .get<HealthCheckDto[]>("/api/v1/health-checks")
      .then((l) => {
        useHealth.getState().seed(l);
        setList(l);
      })
      .catch(() => undefined);
  }, []);
  useTopics(["health"], refetch);
  const seed = useHealth((s) => s.seed);
  useEffect(() => seed(initial), [seed, initial]);
  const live = useHealth((s) => s.live);
  return useMemo(() => list.map((c) => overlay(c, live[c.id])), [list, live]);
}

export function useLiveHealthCheck(initial: HealthCheckDto): HealthCheckDto {
  const seed = useHealth((s) => s.seed);
  useEffect(() => seed([initial]), [seed, initial]);
  const live = useHealth((s) => s.live[initial.id]);
  return useMemo(() => overlay(initial, live), [initial, live]);
}

export interface LatencyPoint {
  t: number;
  latencyMs: number;
  healthy: boolean;
  detail: string;
}

/** Results of one check: `recent` and the per-minute aggregates (re-fetched every 15 s) plus live points. */
export function useHealthResults(id: string, initial: HealthResults | null) {
  const [data, setData] = useState<HealthResults | null>(initial);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setData(await api.get<HealthResults>(`/api/v1/health-checks/${encodeURIComponent(id)}/results`));
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : "could not load the results");
    }
  }, [id]);
  useTopics(["health"], () => void load());
  useEffect(() => {
    if (!initial) void load();
    const t = window.setInterval(() => void load(), 15_000);
    return () => window.clearInterval(t);
  }, [load, initial]);
  const livePoints = useHealth((s) => s.points[id]);
  const points = useMemo<LatencyPoint[]>(() => {
    const base = [...(data?.recent ?? [])].reverse();
    const newest = base.length ? Date.parse(base[base.length - 1]!.at) : 0;
    const extra = (livePoints ?? []).filter((p) => Date.parse(p.at) > newest);
    return [...base, ...extra].map((r) => ({ t: Date.parse(r.at), latencyMs: r.latencyMs, healthy: r.healthy, detail: r.detail }));
  }, [data, livePoints]);
  // live results newer than the last fetch count into their minute until the next fetch
  const minutes = useMemo<HealthMinuteDto[]>(() => {
    const newest = data?.recent[0] ? Date.parse(data.recent[0].at) : 0;
    const extra = (livePoints ?? []).filter((p) => Date.parse(p.at) > newest);
    if (extra.length === 0) return data?.minutes ?? [];
    const byT = new Map((data?.minutes ?? []).map((m) => [Date.parse(m.t), { ...m }]));
    for (const p of extra) {
      const t = Math.floor(Date.parse(p.at) / 60_000) * 60_000;
      const m = byT.get(t) ?? { t: new Date(t).toISOString(), up: 0, down: 0, p50: null, p95: null, max: null };
      if (p.healthy) m.up++;
      else m.down++;
      m.max = Math.max(m.max ?? 0, p.latencyMs);
      byT.set(t, m);
    }
    return [...byT.entries()].sort(([a], [b]) => a - b).map(([, m]) => m);
  }, [data, livePoints]);
  return { points, minutes, error, reload: load };
}
