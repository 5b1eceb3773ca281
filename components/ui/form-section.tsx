// The pieces around a form's fields: titled sections (fieldsets) and the Cancel / submit row.
import Link from "next/link";
import type { ReactNode } from "react";
import { Button } from "./button";
import { cn } from "./cn";

export function FormSection({ title, description, testId, className, children }: { title: ReactNode; description?: ReactNode; testId?: string; className?: string; children: ReactNode }) {
  return (
    <fieldset className={cn("rounded-lg bg-slate-900 p-4 ring-1 ring-slate-800", className)} data-testid={testId}>
      <legend className="px-1 text-sm font-semibold text-slate-100">{title}</legend>
      {description ? <p className="mt-0.5 text-xs text-slate-400">{description}</p> : null}
      {children}
    </fieldset>
  );
}

const COLUMNS = { 2: "sm:grid-cols-2", 3: "sm:grid-cols-2 lg:grid-cols-3", 4: "sm:grid-cols-4" } as const;

/** Field rows side by side from the small breakpoint up. */
export function FieldGrid({ columns = 2, className, children }: { columns?: keyof typeof COLUMNS; className?: string; children: ReactNode }) {
  return <div className={cn("mt-3 grid gap-x-4 gap-y-3", COLUMNS[columns], className)}>{children}</div>;
}

/** Cancel (a link back, or a handler) and the submit button, disabled while submitting. */
export function FormActions({
  cancelHref,
  onCancel,
  submitting,
  label,
  submittingLabel = "Saving…",
  testId,
}: {
  cancelHref?: string;
  onCancel?: () => void;
  submitting: boolean;
  label: string;
  submittingLabel?: string;
  testId?: string;
}) {
  return (
    <div className="flex items-center justify-end gap-2">
      {cancelHref ? (
        <Link href={cancelHref} className="inline-flex h-9 items-center rounded-md px-3.5 text-sm font-medium text-slate-300 hover:bg-slate-800">
          Cancel
        </Link>
      ) : onCancel ? (
        <Button onClick={onCancel}>Cancel</Button>
      ) : null}
      <Button type="submit" variant="primary" disabled={submitting} data-testid={testId}>
        {submitting ? submittingLabel : label}
      </Button>
    </div>
  );
}
