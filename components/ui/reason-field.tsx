"use client";
// The required "why" of an operator override: a labelled input checked against the request
// schema's reason rule on blur (and by the dialog on submit); the message shows under it.
import type { Ref } from "react";
import type { z } from "zod";
import { validateField } from "@/lib/client/form-errors";
import { Field } from "./field";
import { Input } from "./input";

export function ReasonField({
  id,
  value,
  onChange,
  error,
  onError,
  schema,
  inputRef,
  hint = "Required, 3–500 characters; recorded in the audit trail.",
}: {
  id: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  onError: (message: string | undefined) => void;
  schema: z.ZodType;
  inputRef?: Ref<HTMLInputElement>;
  hint?: string;
}) {
  return (
    <Field id={id} label="Reason" error={error} hint={hint}>
      <Input
        ref={inputRef}
        id={id}
        name="reason"
        value={value}
        maxLength={500}
        onChange={(e) => onChange(e.target.value)}
        onBlur={() => value && onError(validateField(schema, value))}
        placeholder="e.g. upstream maintenance, INC-1234"
        autoComplete="off"
      />
    </Field>
  );
}
