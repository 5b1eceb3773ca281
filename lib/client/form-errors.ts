// Per-field messages from the shared zod schemas, keyed by the same dotted paths the API uses.
import type { z } from "zod";
import { zodIssuesToDetails } from "@/lib/contracts/errors";

export type FieldErrors = Record<string, string | undefined>;

export function validate<T>(schema: z.ZodType<T>, value: unknown): { ok: true; data: T } | { ok: false; errors: FieldErrors } {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, data: r.data };
  const errors: FieldErrors = {};
  for (const d of zodIssuesToDetails(r.error.issues)) errors[d.path] = d.message;
  return { ok: false, errors };
}

/** The message for one field (used on blur), or undefined when it is valid. */
export function validateField(schema: z.ZodType, value: unknown): string | undefined {
  const r = schema.safeParse(value);
  return r.success ? undefined : r.error.issues[0]?.message;
}
