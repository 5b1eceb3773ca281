import { z } from "zod";

export const errorDetailSchema = z.object({ path: z.string(), message: z.string() });
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(errorDetailSchema).optional(),
    retryAfterMs: z.number().optional(),
  }),
});
export type ErrorDetail = z.infer<typeof errorDetailSchema>;
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** One detail per bad field, with dotted paths ("breaker.window.size"). */
export function zodIssuesToDetails(issues: readonly z.core.$ZodIssue[]): ErrorDetail[] {
  const seen = new Set<string>();
  const details: ErrorDetail[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const p = [...issue.path.map(String), key].join(".");
        if (!seen.has(p)) {
          seen.add(p);
          details.push({ path: p, message: "is not a known field" });
        }
      }
      continue;
    }
    const p = issue.path.map(String).join(".") || "(body)";
    if (seen.has(p)) continue;
    seen.add(p);
    details.push({ path: p, message: issue.message });
  }
  return details;
}
