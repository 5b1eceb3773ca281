"use client";
// Field rows bound to the health check form's state (ids `health-field-…`, errors `health-error-<path>`).
import type { ReactNode } from "react";
import { CheckField, Field } from "@/components/ui/field";
import { Input, TextArea } from "@/components/ui/input";
import { healthFieldId, type BoolKey, type HealthFormState, type TextKey } from "../health-form-model";

const NUMERIC: TextKey[] = ["intervalMs", "timeoutMs", "healthyThreshold", "unhealthyThreshold"];

export function Row({ f, path, label, hint, wide, children }: { f: HealthFormState; path: string; label: string; hint?: ReactNode; wide?: boolean; children: ReactNode }) {
  return (
    <Field {...f.row(path)} label={label} hint={hint} errorTestId={`health-error-${path}`} className={wide ? "sm:col-span-2" : undefined}>
      {children}
    </Field>
  );
}

/** A one-line text (or whole-number) input in its row. */
export function TextRow({ f, path, label, hint, wide, mono, placeholder }: { f: HealthFormState; path: TextKey; label: string; hint?: ReactNode; wide?: boolean; mono?: boolean; placeholder?: string }) {
  const numeric = NUMERIC.includes(path);
  return (
    <Row f={f} path={path} label={label} hint={hint} wide={wide}>
      <Input {...f.bind(path)} type="text" inputMode={numeric ? "numeric" : undefined} className={numeric ? "tabular-nums" : mono ? "font-mono" : undefined} placeholder={placeholder} autoComplete="off" />
    </Row>
  );
}

/** A multi-line input across the whole row. */
export function AreaRow({ f, path, label, hint, rows, placeholder }: { f: HealthFormState; path: TextKey; label: string; hint?: ReactNode; rows: number; placeholder?: string }) {
  return (
    <Row f={f} path={path} label={label} hint={hint} wide>
      <TextArea {...f.bind(path)} rows={rows} placeholder={placeholder} />
    </Row>
  );
}

export function Toggle({ f, path, label, hint }: { f: HealthFormState; path: BoolKey; label: string; hint?: string }) {
  return (
    <div className="sm:col-span-2">
      <CheckField id={healthFieldId(path)} name={path} checked={f.values[path]} onChange={(on) => f.set(path, on)} label={label} hint={hint} error={f.error(path)} errorTestId={`health-error-${path}`} />
    </div>
  );
}
