import Link from "next/link";
import { Button, buttonClasses } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { AUDIT_ACTIONS } from "@/lib/contracts/audit";

export interface AuditFilter {
  actor?: string;
  action?: string;
  target?: string;
  /** ISO date-time: entries at or after it. */
  since?: string;
}

export const SINCE_PRESETS: Record<string, { label: string; ms: number }> = {
  "15m": { label: "Last 15 minutes", ms: 15 * 60_000 },
  "1h": { label: "Last hour", ms: 3_600_000 },
  "24h": { label: "Last 24 hours", ms: 86_400_000 },
  "7d": { label: "Last 7 days", ms: 7 * 86_400_000 },
};

/** `since` from the query string: a preset (15m, 1h, 24h, 7d) or an ISO date-time. */
export function resolveSince(v: string | undefined, now = Date.now()): string | undefined {
  if (!v) return undefined;
  const preset = SINCE_PRESETS[v];
  if (preset) return new Date(now - preset.ms).toISOString();
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** A plain GET form: filters live in the query string, so they can be linked and bookmarked. */
export function AuditFilters({ filter, sinceParam, showSignIns = false }: { filter: AuditFilter; sinceParam?: string; showSignIns?: boolean }) {
  const active = Boolean(filter.actor || filter.action || filter.target || filter.since);
  const custom = sinceParam && !SINCE_PRESETS[sinceParam] ? sinceParam : undefined;
  return (
    <form method="get" action="/audit" role="search" aria-label="Filter audit entries" className="mb-4 flex flex-wrap items-end gap-3" data-testid="audit-filters">
      <Field id="actor" label="Actor" className="w-full sm:w-44">
        <Input id="actor" name="actor" defaultValue={filter.actor ?? ""} placeholder="e.g. admin" autoComplete="off" spellCheck={false} />
      </Field>
      <Field id="action" label="Action" className="w-full sm:w-52">
        <Input id="action" name="action" defaultValue={filter.action ?? ""} placeholder="e.g. user. or auth.login" list="audit-actions" autoComplete="off" spellCheck={false} />
      </Field>
      <datalist id="audit-actions">
        {AUDIT_ACTIONS.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <Field id="target" label="Target" className="w-full sm:w-52">
        <Input id="target" name="target" defaultValue={filter.target ?? ""} placeholder="e.g. user:alice" autoComplete="off" spellCheck={false} />
      </Field>
      <Field id="since" label="Time" className="w-full sm:w-44">
        <Select id="since" name="since" defaultValue={sinceParam ?? ""}>
          <option value="">Any time</option>
          {Object.entries(SINCE_PRESETS).map(([k, p]) => (
            <option key={k} value={k}>
              {p.label}
            </option>
          ))}
          {custom ? <option value={custom}>Since {custom}</option> : null}
        </Select>
      </Field>
      <label className="flex h-9 items-center gap-2 text-sm text-slate-300">
        <input type="checkbox" name="signins" value="1" defaultChecked={showSignIns} className="h-4 w-4 accent-sky-500" data-testid="audit-show-signins" />
        Show sign-ins
      </label>
      <Button type="submit" variant="primary">
        Filter
      </Button>
      {active ? (
        <Link href="/audit" className={buttonClasses("ghost")}>
          Clear filters
        </Link>
      ) : null}
      <p className="basis-full text-xs text-slate-400">Actor matches exactly, action by prefix (“user.” finds user.create and user.update), target by substring; time keeps entries at or after it.</p>
    </form>
  );
}
