// Small builders for the plain fields of response schemas (DTOs): a run of `name: z.string()` or
// `name: z.number()` lines written once as a list of names. Spread them into z.object({ ... }) in
// the order the fields should appear.
import { z } from "zod";

function fieldsOf<K extends string, T extends z.ZodType>(names: readonly K[], make: () => T): { [P in K]: T } {
  return Object.fromEntries(names.map((n) => [n, make()])) as { [P in K]: T };
}

/** `{ name: z.string() }` for every name given. */
export const strings = <K extends string>(...names: K[]) => fieldsOf(names, () => z.string());
/** `{ name: z.number() }` for every name given. */
export const numbers = <K extends string>(...names: K[]) => fieldsOf(names, () => z.number());
/** `{ name: z.number().nullable() }` for every name given (a quantile of no samples is null). */
export const nullableNumbers = <K extends string>(...names: K[]) => fieldsOf(names, () => z.number().nullable());

/** Who created a stored record, and when it was created and last changed. */
export const authorship = () => strings("createdBy", "createdAt", "updatedAt");
