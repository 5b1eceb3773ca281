"use client";
import { useCallback, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { IconList } from "@/components/ui/icons";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th } from "@/components/ui/table";
import { cn } from "@/components/ui/cn";
import { request, errorMessage } from "@/lib/client/api";
import { useSocketEvent, useTopics } from "@/lib/client/hooks";
import { toast } from "@/lib/client/stores/toasts";
import type { AuditEntryDto } from "@/lib/contracts/audit";
import type { AuditFilter } from "./audit-filters";


type Row = AuditEntryDto & { live?: boolean };

let liveSeq = 0;

/** Same filter semantics as the API: actor exact, action prefix, target substring. */
export function matchesFilter(e: { actor: string; action: string; target: string; at?: string }, f: AuditFilter): boolean {
  if (f.actor && e.actor !== f.actor) return false;
  if (f.action && !e.action.startsWith(f.action)) return false;
  if (f.target && !e.target.includes(f.target)) return false;
  if (f.since && "at" in e && typeof e.at === "string" && e.at < f.since) return false;
  return true;
}

const sameEntry = (a: Row, b: Row) =>
  a.actor === b.actor && a.action === b.action && a.target === b.target && Math.abs(Date.parse(a.at) - Date.parse(b.at)) < 5000;

/** Replace the head of the list with a fresh first page, keeping older pages and newer live rows. */
function mergeFresh(current: Row[], fresh: Row[], limit: number): Row[] {
  if (fresh.length === 0) return current.filter((r) => r.live);
  const newest = fresh[0]!.at;
  const oldest = fresh[fresh.length - 1]!.at;
  const liveNewer = current.filter((r) => r.live && r.at > newest && !fresh.some((f) => sameEntry(f, r)));
  const older = fresh.length < limit ? [] : current.filter((r) => !r.live && r.at < oldest);
  const seen = new Set<string>();
  return [...liveNewer, ...fresh, ...older].filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
}

function compactJson(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

function prettyJson(v: unknown): string {
  if (typeof v === "string") return v;
  try {
    return JSON.stringify(v, null, 2);
  } catch {
    return String(v);
  }
}

/** One line of JSON; the whole document, pretty-printed, on demand. */
function JsonCell({ value, label }: { value: unknown; label: string }) {
  const text = compactJson(value);
  if (!text) return <span className="text-slate-400">—</span>;
  return (
    <details className="group max-w-[16rem] open:max-w-[28rem]" data-testid="audit-json">
      <summary className="cursor-pointer list-none text-xs text-slate-300 hover:text-slate-100">
        <code className="block truncate group-open:hidden">{text}</code>
        <span className="hidden text-sky-300 group-open:inline">Hide {label}</span>
        <span className="sr-only group-open:hidden"> — show the whole {label}</span>
      </summary>
      <pre className="mt-1 max-h-96 overflow-auto whitespace-pre-wrap rounded bg-slate-950 p-2 text-xs text-slate-200 ring-1 ring-slate-800">{prettyJson(value)}</pre>
    </details>
  );
}

/** Sign-ins and sign-outs (auth.*): hidden unless asked for, so changes are not buried. */
export const isSignIn = (action: string) => action.startsWith("auth.");

export function AuditTable({
  initialEntries,
  initialNextBefore,
  filter,
  limit = 50,
  compact = false,
  showSignIns = true,
}: {
  initialEntries: AuditEntryDto[];
  initialNextBefore: string | null;
  filter: AuditFilter;
  limit?: number;
  compact?: boolean;
  /** false: auth.* entries are counted but not listed */
  showSignIns?: boolean;
}) {
  const [rows, setRows] = useState<Row[]>(initialEntries);
  const [nextBefore, setNextBefore] = useState<string | null>(initialNextBefore);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const resyncing = useRef(false);
  const loadedOlder = useRef(false);

  const query = { actor: filter.actor, action: filter.action, target: filter.target, since: filter.since, limit };

  // after every (re)subscription: fetch what may have happened while we were not listening
  const resync = useCallback(async () => {
    if (resyncing.current) return;
    resyncing.current = true;
    try {
      const r = await request<AuditEntryDto[]>("/api/v1/audit", { query: { ...query } });
      setRows((cur) => {
        const merged = mergeFresh(cur, r.data, limit);
        return compact ? merged.slice(0, limit) : merged;
      });
      // with older pages kept, paging continues from them; otherwise from the fresh page
      if (!loadedOlder.current || r.data.length < limit) {
        loadedOlder.current = false;
        setNextBefore(r.headers.get("x-next-before"));
      }
    } catch {
      // the live stream still works; the next reconnect tries again
    } finally {
      resyncing.current = false;
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filter.actor, filter.action, filter.target, filter.since, limit, compact]);

  useTopics(["audit"], resync);

  useSocketEvent("audit:entry", (e) => {
    if (!matchesFilter(e, filter)) return;
    const row: Row = {
      id: `live:${e.at}:${++liveSeq}`,
      at: e.at,
      actor: e.actor,
      action: e.action,
      target: e.target,
      before: e.before ?? null,
      after: e.after ?? null,
      reason: e.reason ?? null,
      live: true,
    };
    setRows((cur) => {
      const next = [row, ...cur];
      return compact ? next.slice(0, limit) : next;
    });
  });

  async function loadOlder() {
    if (!nextBefore) return;
    setLoadingOlder(true);
    try {
      const r = await request<AuditEntryDto[]>("/api/v1/audit", { query: { ...query, before: nextBefore } });
      setRows((cur) => {
        const ids = new Set(cur.map((x) => x.id));
        return [...cur, ...r.data.filter((x) => !ids.has(x.id))];
      });
      setNextBefore(r.headers.get("x-next-before"));
      loadedOlder.current = true;
    } catch (err) {
      toast.error("Could not load older entries", errorMessage(err));
    } finally {
      setLoadingOlder(false);
    }
  }

  const filtered = Boolean(filter.actor || filter.action || filter.target || filter.since);
  const hideSignIns = !showSignIns && !filter.action?.startsWith("auth");
  const shown = hideSignIns ? rows.filter((r) => !isSignIn(r.action)) : rows;
  const hidden = rows.length - shown.length;
  if (rows.length === 0) {
    return (
      <EmptyState icon={<IconList />} title={filtered ? "No audit entries match these filters" : "No audit entries yet"}>
        <p>{filtered ? "Try a shorter action prefix or clear the filters." : "Sign-ins, user and token changes appear here as they happen."}</p>
      </EmptyState>
    );
  }

  return (
    <div>
      <div className={compact ? undefined : "rounded-lg bg-slate-900 ring-1 ring-slate-800"}>
        <Table data-testid="audit-table" caption="Audit entries, newest first">
          <thead>
            <tr>
              <Th className="w-32">Time</Th>
              <Th>Actor</Th>
              <Th>Action</Th>
              <Th>Target</Th>
              {compact ? null : <Th>Reason</Th>}
              {compact ? null : <Th>Before</Th>}
              {compact ? null : <Th>After</Th>}
            </tr>
          </thead>
          <tbody>
            {shown.length === 0 ? (
              <tr>
                <Td colSpan={compact ? 4 : 7} className="py-6 text-center text-slate-400">
                  Only sign-ins so far — tick “Show sign-ins” to list them.
                </Td>
              </tr>
            ) : null}
            {shown.map((r) => (
              <tr
                key={r.id}
                data-testid="audit-row"
                data-action={r.action}
                data-live={r.live || undefined}
                className={cn("hover:bg-slate-800/30", r.live && "animate-[bw-flash_1.6s_ease-out_1]")}
              >
                <Td className="whitespace-nowrap text-slate-400">
                  <RelativeTime iso={r.at} />
                </Td>
                <Td className="font-medium">{r.actor}</Td>
                <Td>
                  <code className={cn("text-xs", r.action.endsWith("_failed") ? "text-rose-300" : "text-sky-300")}>{r.action}</code>
                </Td>
                <Td className="max-w-[14rem] truncate" title={r.target}>
                  {r.target}
                </Td>
                {compact ? null : <Td className="max-w-[14rem] text-slate-300">{r.reason ?? <span className="text-slate-400">—</span>}</Td>}
                {compact ? null : (
                  <Td>
                    <JsonCell value={r.before} label="before" />
                  </Td>
                )}
                {compact ? null : (
                  <Td>
                    <JsonCell value={r.after} label="after" />
                  </Td>
                )}
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
      {compact ? null : (
        <div className="mt-4 flex items-center justify-between text-xs text-slate-400">
          <span className="tabular-nums" aria-live="polite">
            {shown.length} {shown.length === 1 ? "entry" : "entries"} shown
            {hidden > 0 ? <span data-testid="audit-signins-hidden"> · {hidden} sign-in{hidden === 1 ? "" : "s"} hidden</span> : null}
          </span>
          {nextBefore ? (
            <Button onClick={loadOlder} disabled={loadingOlder} data-testid="audit-load-older">
              {loadingOlder ? "Loading older entries" : "Load older"}
            </Button>
          ) : (
            <span>End of the audit trail</span>
          )}
        </div>
      )}
    </div>
  );
}
