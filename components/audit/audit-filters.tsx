import Link from "next/link";
import { Button, buttonClasses } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { AUDIT_ACTIONS } from "@/lib/contracts/audit";

export interface AuditFilter {
  actor?: string;
  action?: string;
  target?: string;
}

/** A plain GET form: filters live in the query string, so they can be linked and bookmarked. */
export function AuditFilters({ filter }: { filter: AuditFilter }) {
  const active = Boolean(filter.actor || filter.action || filter.target);
  return (
    <form method="get" action="/audit" role="search" aria-label="Filter audit entries" className="mb-4 flex flex-wrap items-end gap-3" data-testid="audit-filters">
      <Field id="actor" label="Actor" className="w-44">
        <Input id="actor" name="actor" defaultValue={filter.actor ?? ""} placeholder="e.g. admin" autoComplete="off" spellCheck={false} />
      </Field>
      <Field id="action" label="Action" className="w-52">
        <Input id="action" name="action" defaultValue={filter.action ?? ""} placeholder="e.g. user. or auth.login" list="audit-actions" autoComplete="off" spellCheck={false} />
      </Field>
      <datalist id="audit-actions">
        {AUDIT_ACTIONS.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <Field id="target" label="Target" className="w-52">
        <Input id="target" name="target" defaultValue={filter.target ?? ""} placeholder="e.g. user:alice" autoComplete="off" spellCheck={false} />
      </Field>
      <Button type="submit" variant="primary">
        Filter
      </Button>
      {active ? (
        <Link href="/audit" className={buttonClasses("ghost")}>
          Clear filters
        </Link>
      ) : null}
      <p className="basis-full text-xs text-slate-500">Actor matches exactly, action by prefix (“user.” finds user.create and user.update), target by substring.</p>
    </form>
  );
}
