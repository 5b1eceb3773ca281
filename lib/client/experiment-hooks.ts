"use client";
// Chaos experiments in the browser: fetched from the API, kept current by `experiment:updated`
// (wired in socket.ts), re-fetched after every reconnect (the `snapshot` event) so nothing missed
// while offline stays on screen.
import { useCallback, useEffect, useMemo, useState } from "react";
import type { ExperimentDto } from "@/lib/contracts/experiments";
import { api, errorMessage } from "./api";
import { useSocketEvent } from "./hooks";
import { isActive, useExperiments } from "./stores/experiments";

const newestFirst = (a: ExperimentDto, b: ExperimentDto) => b.createdAt.localeCompare(a.createdAt);

/** Load with `fetcher` now and after every reconnect; loading until the first answer, the last error. */
function useLoad(fetcher: () => Promise<void>) {
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      await fetcher();
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, [fetcher]);
  useEffect(() => {
    void load();
  }, [load]);
  useSocketEvent("snapshot", () => void load());
  const reload = useCallback(() => {
    setLoading(true);
    void load();
  }, [load]);
  return { loading, error, reload };
}

/** Running experiments, for the banner on every page. */
export function useRunningExperiments(): ExperimentDto[] {
  const fetcher = useCallback(async () => {
    useExperiments.getState().syncActive(await api.get<ExperimentDto[]>("/api/v1/experiments", { query: { status: "running,scheduled" } }));
  }, []);
  useLoad(fetcher);
  const byId = useExperiments((s) => s.byId);
  return useMemo(() => Object.values(byId).filter((e) => e.status === "running").sort(newestFirst), [byId]);
}

/** Every experiment (newest first), live. */
export function useExperimentList() {
  const fetcher = useCallback(async () => {
    useExperiments.getState().upsert(await api.get<ExperimentDto[]>("/api/v1/experiments"));
  }, []);
  const state = useLoad(fetcher);
  const byId = useExperiments((s) => s.byId);
  const list = useMemo(() => Object.values(byId).sort(newestFirst), [byId]);
  return { ...state, list };
}

/** One experiment, live; `notFound` once the API says there is none. */
export function useExperiment(id: string) {
  const [notFound, setNotFound] = useState(false);
  const fetcher = useCallback(async () => {
    try {
      useExperiments.getState().upsert([await api.get<ExperimentDto>(`/api/v1/experiments/${encodeURIComponent(id)}`)]);
    } catch (err) {
      if ((err as { status?: number }).status === 404) setNotFound(true);
      else throw err;
    }
  }, [id]);
  const state = useLoad(fetcher);
  const experiment = useExperiments((s) => s.byId[id]) ?? null;
  return { ...state, experiment, notFound };
}

export async function stopExperiment(id: string): Promise<ExperimentDto> {
  const e = await api.post<ExperimentDto>(`/api/v1/experiments/${encodeURIComponent(id)}/stop`);
  useExperiments.getState().upsert([e]);
  return e;
}

export async function stopAllExperiments(): Promise<ExperimentDto[]> {
  const list = await api.post<ExperimentDto[]>("/api/v1/experiments/stop-all");
  useExperiments.getState().upsert(list);
  return list;
}

export { isActive };
