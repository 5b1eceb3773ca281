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

const WORDING: Array<[RegExp, string]> = [
  [/^Invalid input: expected \w+, received undefined$/, "is required"],
  [/^Too small: expected string to have >=1 characters?$/, "is required"],
  [/^Too big: expected number to be <=\s*(.+)$/, "must be at most $1"],
  [/^Too small: expected number to be >=\s*(.+)$/, "must be at least $1"],
  [/^Too big: expected number to be <\s*(.+)$/, "must be less than $1"],
  [/^Too small: expected number to be >\s*(.+)$/, "must be more than $1"],
  [/^Invalid input: expected int, received number$/, "must be a whole number"],
  [/^Invalid input: expected number, received .+$/, "must be a number"],
];

/** zod's generic messages in the forms' wording ("must be at most 100", "is required"). */
export function friendly(message: string): string {
  for (const [re, to] of WORDING) if (re.test(message)) return message.replace(re, to);
  return message;
}

/**
 * Every message for a request body by dotted path: `pre` (what is wrong before the schema can look,
 * e.g. "must be a number") wins over the schema's own for that field and below it; the schema's
 * come in the forms' wording.
 */
export function schemaErrors(schema: z.ZodType, body: unknown, pre: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  const r = validate(schema, body);
  const preempted = (path: string) => Object.keys(pre).some((p) => path === p || path.startsWith(`${p}.`));
  if (!r.ok) for (const [path, message] of Object.entries(r.errors)) if (message && !preempted(path)) out[path] = friendly(message);
  return { ...pre, ...out };
}

/**
 * Text inputs to numbers: empty → "is required", not a number → "must be a number" (into `pre`);
 * such a field is left out of the body, so the schema reports nothing more for it.
 */
export function numberReader(values: Record<string, unknown>, pre: Record<string, string>) {
  return (path: string): number | undefined => {
    const raw = String(values[path] ?? "").trim();
    if (raw === "") {
      pre[path] = "is required";
      return undefined;
    }
    const n = Number(raw);
    if (!Number.isFinite(n)) {
      pre[path] = "must be a number";
      return undefined;
    }
    return n;
  };
}

/**
 * Puts every message on a field of the form: the longest field that is the path or a prefix of it
 * ("retry.retryOn.2" → "retry.retryOn"); with `keepRest`, the rest of the path goes in front of the
 * message ("options.headers" ← "X-Y: must be …"). Paths that match no field stay as they are.
 */
export function placeOnFields(errors: Record<string, string>, fields: readonly string[], keepRest = false): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    const field = fields.filter((f) => path === f || path.startsWith(`${f}.`)).sort((a, b) => b.length - a.length)[0];
    if (!field) {
      out[path] ??= message;
      continue;
    }
    const rest = path.slice(field.length + 1);
    out[field] ??= keepRest && rest ? `${rest}: ${message}` : message;
  }
  return out;
}
