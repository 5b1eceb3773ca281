"use client";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { SearchFilter } from "@/components/ui/filter-bar";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { IconBell } from "@/components/ui/icons";
import { LocalTime, RelativeTime } from "@/components/ui/relative-time";
import { api, errorMessage } from "@/lib/client/api";
import { useLiveAlerts } from "@/lib/client/slo-alert-hooks";
import { useAlerts } from "@/lib/client/stores/alerts";
import { toast } from "@/lib/client/stores/toasts";
import type { AlertDto, SilenceDto } from "@/lib/contracts/alerts";
import { AlertActions } from "./alert-actions";
import { AlertLabels, NO_NAMES, subjectLink, triageOrder, type AlertLabelNames } from "./alert-labels";
import { AlertStatusBadge, SeverityBadge } from "./severity";

export const SILENCES_CHANGED = "breakwater:silences-changed";
export type AlertTab = AlertDto["status"];
type Tab = AlertTab;
const TABS: Array<[Tab, string]> = [
  ["firing", "Firing"],
  ["acknowledged", "Acknowledged"],
  ["resolved", "Resolved"],
];

export function AlertNotes({ alert }: { alert: AlertDto }) {
  if (alert.notes.length === 0) return null;
  return (
    <ul className="mt-1.5 space-y-0.5 text-xs text-slate-400" data-testid="alert-notes">
      {alert.notes.map((n, i) => (
        <li key={`${n.at}-${i}`}>
          <span className="font-medium text-slate-300">{n.kind === "ack" ? "Acknowledged" : n.kind === "resolve" ? "Resolved" : "Comment"}</span> by <span className="text-slate-200">{n.author}</span>{" "}
          <RelativeTime iso={n.at} />
          {n.comment ? <span className="text-slate-300">: &ldquo;{n.comment}&rdquo;</span> : null}
        </li>
      ))}
    </ul>
  );
}

/** Pulses once when it first appears (a fresh alert), never again. */
function useArrivalPulse(startsAt: string): boolean {
  const [fresh] = useState(() => Date.now() - Date.parse(startsAt) < 10_000);
  return fresh;
}

export function AlertRow({ alert, canOperate, compact = false, names = NO_NAMES }: { alert: AlertDto; canOperate: boolean; compact?: boolean; names?: AlertLabelNames }) {
  const pulse = useArrivalPulse(alert.startsAt);
  const subject = subjectLink(alert, names);
  return (
    <li
      data-testid={`alert-row-${alert.id}`}
      data-status={alert.status}
      data-severity={alert.severity}
      data-alertname={alert.labels.alertname}
      className={cn("flex flex-wrap items-start gap-3 px-4 py-3", pulse && alert.status === "firing" && "animate-[bw-arrive_1.2s_ease-in-out_1]")}
    >
      <div className="flex shrink-0 flex-row items-start gap-1 sm:w-28 sm:flex-col">
        <SeverityBadge severity={alert.severity} />
        <AlertStatusBadge status={alert.status} />
      </div>
      <div className="min-w-0 flex-1">
        <Link href={`/alerts/${encodeURIComponent(alert.id)}`} className="font-medium text-slate-100 hover:text-sky-300 hover:underline">
          {alert.title}
        </Link>
        <p className="mt-0.5 text-xs text-slate-400">
          {alert.labels.alertname ? <span className="font-mono text-slate-300">{alert.labels.alertname}</span> : null}
          {subject?.href ? (
            <>
              {" "}
              ·{" "}
              <Link href={subject.href} className="text-sky-300 underline underline-offset-2" data-testid="alert-subject">
                {subject.text}
              </Link>
            </>
          ) : null}{" "}
          · started <RelativeTime iso={alert.startsAt} />
          {alert.endsAt ? (
            <>
              {" "}
              · ended <RelativeTime iso={alert.endsAt} />
              {alert.resolvedBy ? ` by ${alert.resolvedBy}` : ""}
            </>
          ) : null}
          {alert.silenced ? <span className="ml-1 rounded bg-slate-800 px-1 text-slate-300">silenced · not notified</span> : null}
        </p>
        {alert.status === "acknowledged" && alert.acknowledgedBy ? (
          <p className="mt-0.5 text-xs text-sky-200" data-testid="alert-acked-by">
            Acknowledged by {alert.acknowledgedBy}
            {alert.acknowledgedAt ? <> <RelativeTime iso={alert.acknowledgedAt} /></> : null}
          </p>
        ) : null}
        {compact ? null : (
          <>
            <AlertLabels alert={alert} names={names} />
            {alert.annotations.summary ? <p className="mt-1 text-xs text-slate-400">{alert.annotations.summary}</p> : null}
            <AlertNotes alert={alert} />
          </>
        )}
      </div>
      {canOperate ? (
        <div className="shrink-0">
          <AlertActions alert={alert} compact />
        </div>
      ) : null}
    </li>
  );
}

export function AlertsView({ initial, canOperate, initialTab = "firing", names = NO_NAMES }: { initial: AlertDto[]; canOperate: boolean; initialTab?: Tab; names?: AlertLabelNames }) {
  const all = useLiveAlerts(initial);
  const seed = useAlerts((s) => s.seed);
  const router = useRouter();
  const pathname = usePathname();
  const [tab, setTabState] = useState<Tab>(initialTab);
  // the tab is in the URL (?tab=resolved), so it can be linked and survives a reload
  const setTab = (t: Tab) => {
    setTabState(t);
    router.replace(t === "firing" ? pathname : `${pathname}?tab=${t}`, { scroll: false });
  };
  const [q, setQ] = useState("");
  const seq = useAlerts((s) => s.seq);
  // after a reconnect (a later snapshot), fetch what may have been resolved while away
  useEffect(() => {
    if (seq < 2) return;
    api
      .get<AlertDto[]>("/api/v1/alerts", { query: { status: "resolved", limit: 100 } })
      .then(seed)
      .catch(() => undefined);
  }, [seq, seed]);
  const counts = useMemo(() => {
    const c: Record<Tab, number> = { firing: 0, acknowledged: 0, resolved: 0 };
    for (const a of all) c[a.status]++;
    return c;
  }, [all]);
  const needle = q.trim().toLowerCase();
  const matching = all.filter((a) => a.status === tab && (!needle || `${a.title} ${Object.entries(a.labels).map(([k, v]) => `${k}=${v}`).join(" ")}`.toLowerCase().includes(needle)));
  // open alerts in triage order (severity, then the longest-firing); resolved ones newest first
  const rows = tab === "resolved" ? matching : [...matching].sort(triageOrder);

  return (
    <div className="rounded-lg bg-slate-900 ring-1 ring-slate-800">
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-800 px-4 pt-3">
        <div role="tablist" aria-label="Alert status" className="flex max-w-full gap-1 overflow-x-auto">
          {TABS.map(([t, label]) => (
            <button
              key={t}
              id={`alerts-tab-${t}`}
              type="button"
              role="tab"
              aria-selected={tab === t}
              aria-controls="alerts-panel"
              tabIndex={tab === t ? 0 : -1}
              onClick={() => setTab(t)}
              onKeyDown={(e) => {
                const i = TABS.findIndex(([x]) => x === t);
                const next = e.key === "ArrowRight" ? TABS[(i + 1) % 3] : e.key === "ArrowLeft" ? TABS[(i + 2) % 3] : undefined;
                if (next) {
                  setTab(next[0]);
                  document.getElementById(`alerts-tab-${next[0]}`)?.focus();
                }
              }}
              className={cn("-mb-px flex items-center gap-1.5 border-b-2 px-3 pb-2 text-sm font-medium", tab === t ? "border-sky-400 text-sky-200" : "border-transparent text-slate-400 hover:text-slate-200")}
            >
              {label}
              <span className={cn("rounded-full px-1.5 text-xs tabular-nums", t === "firing" && counts.firing > 0 ? "bg-rose-500/20 text-rose-200" : "bg-slate-800 text-slate-300")} data-testid={`alerts-count-${t}`}>
                {counts[t]}
              </span>
            </button>
          ))}
        </div>
        <SearchFilter id="alerts-filter" label="Filter alerts" placeholder="Filter by title or label" value={q} onChange={setQ} className="mb-2 w-full sm:ml-auto sm:w-60" />
      </div>
      <div id="alerts-panel" role="tabpanel" aria-labelledby={`alerts-tab-${tab}`} data-testid="alerts-panel">
        {rows.length === 0 ? (
          <div className="p-4">
            <EmptyState icon={<IconBell />} title={tab === "firing" ? "Nothing is firing" : tab === "acknowledged" ? "No acknowledged alerts" : "No resolved alerts yet"}>
              <p>
                {tab === "firing"
                  ? "Open breakers, fast SLO burn, failing health checks and rejecting bulkheads fire alerts here — with a toast on every page."
                  : tab === "acknowledged"
                    ? "Acknowledge a firing alert to say someone is on it."
                    : "Alerts land here when their condition clears or someone resolves them."}
              </p>
            </EmptyState>
          </div>
        ) : (
          <ul className="divide-y divide-slate-800" aria-live="polite">
            {rows.map((a) => (
              <AlertRow key={a.id} alert={a} canOperate={canOperate} names={names} />
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

export function SilencesPanel({ initial, canOperate }: { initial: SilenceDto[]; canOperate: boolean }) {
  const [list, setList] = useState(initial);
  useEffect(() => {
    const reload = () =>
      void api
        .get<SilenceDto[]>("/api/v1/silences")
        .then(setList)
        .catch(() => undefined);
    window.addEventListener(SILENCES_CHANGED, reload);
    const t = window.setInterval(reload, 30_000);
    return () => {
      window.removeEventListener(SILENCES_CHANGED, reload);
      window.clearInterval(t);
    };
  }, []);
  const active = list.filter((s) => s.active && Date.parse(s.endsAt) > Date.now());
  async function expire(s: SilenceDto) {
    try {
      const r = await api.del<SilenceDto>(`/api/v1/silences/${encodeURIComponent(s.id)}`);
      setList((l) => l.map((x) => (x.id === s.id ? r : x)));
      toast.success("Silence expired", "Matching alerts notify again.");
    } catch (err) {
      toast.error("Could not expire the silence", errorMessage(err));
    }
  }
  return (
    <section className="rounded-lg bg-slate-900 ring-1 ring-slate-800" data-testid="silences" aria-labelledby="silences-title">
      <header className="border-b border-slate-800 px-4 py-3">
        <h2 id="silences-title" className="text-sm font-semibold text-slate-100">
          Active silences
        </h2>
        <p className="mt-0.5 text-xs text-slate-400">Matching alerts are recorded but not notified. Create one from an alert&apos;s Silence button.</p>
      </header>
      {active.length === 0 ? (
        <p className="px-4 py-3 text-sm text-slate-400">No active silences.</p>
      ) : (
        <ul className="divide-y divide-slate-800">
          {active.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center gap-3 px-4 py-2.5 text-sm" data-testid={`silence-row-${s.id}`}>
              <span className="flex flex-wrap gap-1">
                {Object.entries(s.matchers).map(([k, v]) => (
                  <span key={k} className="rounded bg-slate-800 px-1.5 py-0.5 font-mono text-[11px] text-slate-300">
                    {k}={v}
                  </span>
                ))}
              </span>
              <span className="text-xs text-slate-400">
                &ldquo;{s.comment}&rdquo; · {s.createdBy} · until <LocalTime iso={s.endsAt} />
              </span>
              {canOperate ? (
                <Button size="sm" variant="ghost" className="ml-auto" onClick={() => expire(s)}>
                  Expire
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
