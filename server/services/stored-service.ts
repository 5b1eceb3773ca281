// A stored service is parsed with today's schema. Values that today's bounds refuse (stored before
// the bounds existed) are clamped to the nearest bound, with a warning naming service and field,
// so that one old record neither stays out of service nor poisons the pages.
import type { z } from "zod";
import { serviceSchema, type Service } from "@/lib/contracts/services";
import type { Logger } from "../logger";

type Issue = z.core.$ZodIssue;

interface Clamp {
  field: string;
  stored: unknown;
  used: number;
}

/** The number a range issue asks for, or undefined for any other issue. */
function boundOf(issue: Issue, value: unknown): number | undefined {
  if (typeof value !== "number") return undefined;
  if (issue.code === "too_big" && issue.origin === "number") return Number(issue.maximum);
  if (issue.code === "too_small" && issue.origin === "number") return Number(issue.minimum);
  // a cross-field rule broken by a clamp: the cap follows the clamped base value
  if (issue.code === "custom" && issue.path.at(-1) === "maxWaitInOpenMs") return Number.NaN;
  return undefined;
}

function getAt(root: unknown, path: PropertyKey[]): unknown {
  let cur = root;
  for (const key of path) cur = cur !== null && typeof cur === "object" ? (cur as Record<PropertyKey, unknown>)[key] : undefined;
  return cur;
}

function setAt(root: unknown, path: PropertyKey[], value: number): void {
  const parent = getAt(root, path.slice(0, -1));
  if (parent !== null && typeof parent === "object") (parent as Record<PropertyKey, unknown>)[path.at(-1)!] = value;
}

/** Parses a stored service, clamping out-of-range numbers; throws when anything else is wrong. */
export function parseStoredService(raw: unknown, log: Logger, name: string): Service {
  const value: unknown = structuredClone(raw);
  const clamps: Clamp[] = [];
  for (let pass = 0; ; pass++) {
    const r = serviceSchema.safeParse(value);
    if (r.success) {
      for (const c of clamps) {
        log.warn({ service: name, field: c.field, stored: c.stored, used: c.used }, `stored service '${name}': ${c.field} is out of range; using ${c.used}`);
      }
      return r.data;
    }
    let fixed = false;
    for (const issue of r.error.issues) {
      const stored = getAt(value, issue.path);
      let used = boundOf(issue, stored);
      if (used === undefined) continue;
      if (Number.isNaN(used)) used = Number(getAt(value, [...issue.path.slice(0, -1), "waitInOpenMs"]));
      if (!Number.isFinite(used)) continue;
      setAt(value, issue.path, used);
      clamps.push({ field: issue.path.join("."), stored, used });
      fixed = true;
    }
    if (!fixed || pass >= 3) throw r.error;
  }
}
