"use client";
// One form's state: what the user typed (kept when anything fails), per-field messages from the
// shared zod schema (shown once a field was left, or after a submit, and then following the input),
// the server's `validation_failed` details placed on the same fields, a message for the rest, and a
// submitting flag that disables the submit button.
import { useState, type ChangeEvent, type FormEvent } from "react";
import { ApiError, errorMessage } from "./api";
import { friendly } from "./form-errors";

export type FormValues = Record<string, string | boolean>;
type StringKey<V> = { [K in keyof V]: V[K] extends string ? K : never }[keyof V] & string;

export interface FormStateConfig<V extends FormValues> {
  initial: V | (() => V);
  /** Every message for these values by dotted path: the shared schema plus checks before it. */
  check: (values: V) => Record<string, string>;
  /** The DOM id of a field's control: to focus it, and to tell whether the form shows that field. */
  fieldId: (path: string) => string;
  /** Moves messages onto the fields that show them (e.g. "retry.retryOn.2" → "retry.retryOn"). */
  place?: (errors: Record<string, string>, values: V) => Record<string, string>;
}

function focusFirst(ids: string[]) {
  const els = ids.map((id) => document.getElementById(id)).filter((el): el is HTMLElement => el !== null);
  els.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  els[0]?.focus();
}

export function useFormState<V extends FormValues>(config: FormStateConfig<V>) {
  const { check, fieldId } = config;
  const place = (errors: Record<string, string>, values: V) => (config.place ? config.place(errors, values) : errors);
  const [values, setValues] = useState<V>(config.initial);
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const errors = place(check(values), values);
  const error = (path: string): string | undefined => serverErrors[path] ?? (submitted || touched.has(path) ? errors[path] : undefined);

  const set = <K extends keyof V & string>(path: K, value: V[K]) => {
    setValues((cur) => ({ ...cur, [path]: value }));
    setServerErrors((cur) => {
      if (!(path in cur)) return cur;
      const { [path]: _drop, ...rest } = cur;
      return rest;
    });
  };
  const blur = (path: string) => setTouched((cur) => (cur.has(path) ? cur : new Set(cur).add(path)));

  /** Props for an Input, Select or TextArea bound to a text field (id, aria from the Field row). */
  const bind = <K extends StringKey<V>>(path: K) => ({
    id: fieldId(path),
    name: path,
    value: values[path] as string,
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => set(path, e.target.value as V[K]),
    onBlur: () => blur(path),
  });
  /** Props for the Field row around a control. */
  const row = (path: string) => ({ id: fieldId(path), error: error(path) });

  /** Messages the form has no field for go into the form's message, after `lead`. */
  function report(byField: Record<string, string>, lead: string | null) {
    const paths = Object.keys(byField);
    const onForm = paths.filter((p) => document.getElementById(fieldId(p)));
    const elsewhere = paths.filter((p) => !onForm.includes(p)).map((p) => `${p || "body"} ${byField[p]}`);
    setFormError(elsewhere.length ? `${lead ? `${lead}: ` : ""}${elsewhere.join("; ")}` : lead);
    focusFirst(onForm.map(fieldId));
  }

  /** An onSubmit handler: checks everything, then `send`s; a refusal lands on the fields. */
  const submit = (send: (values: V) => Promise<void>) => async (e: FormEvent) => {
    e.preventDefault();
    if (submitting) return;
    setSubmitted(true);
    setServerErrors({});
    setFormError(null);
    const all = place(check(values), values);
    if (Object.keys(all).length > 0) return report(all, null);
    setSubmitting(true);
    try {
      await send(values);
    } catch (err) {
      if (err instanceof ApiError && err.details.length > 0) {
        const raw: Record<string, string> = {};
        for (const [p, m] of Object.entries(err.fieldErrors())) raw[p] = friendly(m);
        const byField = place(raw, values);
        setServerErrors(byField);
        report(byField, err.message);
      } else setFormError(errorMessage(err));
    } finally {
      setSubmitting(false);
    }
  };

  /** Back to a blank state (e.g. after adding an item, for the next one). */
  const reset = (next: V) => {
    setValues(next);
    setTouched(new Set());
    setSubmitted(false);
    setServerErrors({});
    setFormError(null);
  };

  return { values, set, blur, error, bind, row, submit, submitting, formError, setFormError, reset };
}
