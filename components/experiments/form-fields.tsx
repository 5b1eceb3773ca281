"use client";
// The experiment form's building blocks: a bound field row, a number input, and an on/off switch
// whose fields show while it is on (faults, stop conditions).
import type { ReactNode } from "react";
import { CheckField, Field } from "@/components/ui/field";
import { FieldGrid } from "@/components/ui/form-section";
import { Input } from "@/components/ui/input";
import type { useFormState } from "@/lib/client/use-form-state";
import { experimentFieldId, type Values } from "./experiment-form-model";

export type ExperimentFormState = ReturnType<typeof useFormState<Values>>;
type TextKey = { [K in keyof Values]: Values[K] extends string ? K : never }[keyof Values];
type SwitchKey = { [K in keyof Values]: Values[K] extends boolean ? K : never }[keyof Values];

export function Row({ f, path, label, hint, children }: { f: ExperimentFormState; path: string; label: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <Field {...f.row(path)} label={label} hint={hint} errorTestId={`experiment-error-${path}`}>
      {children}
    </Field>
  );
}

export function NumberRow({ f, path, label, hint, placeholder }: { f: ExperimentFormState; path: TextKey; label: string; hint?: ReactNode; placeholder?: string }) {
  return (
    <Row f={f} path={path} label={label} hint={hint}>
      <Input {...f.bind(path)} type="text" inputMode="decimal" className="tabular-nums" placeholder={placeholder} autoComplete="off" />
    </Row>
  );
}

/** A switch; while on, its fields below it. */
export function Toggle({ f, path, label, hint, disabled, children }: { f: ExperimentFormState; path: SwitchKey; label: string; hint?: ReactNode; disabled?: boolean; children?: ReactNode }) {
  const on = f.values[path];
  return (
    <div className="rounded-md p-3 ring-1 ring-inset ring-slate-800" data-testid={`experiment-toggle-${path}`}>
      <CheckField id={experimentFieldId(path)} asSwitch checked={on && !disabled} onChange={(v) => f.set(path, v && !disabled)} label={label} hint={hint} />
      {on && !disabled && children ? <FieldGrid columns={3}>{children}</FieldGrid> : null}
    </div>
  );
}
