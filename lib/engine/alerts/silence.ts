import { z } from "zod";
import type { Labels } from "./fingerprint";

/**
 * Silence matchers: label name → value. A value is matched exactly, unless it starts with "~": the
 * rest is then a regular expression that must match the whole label value (anchored, like
 * Alertmanager's =~). A label the alert lacks is matched as "". To match a literal value starting
 * with "~", use a regex: "~\\~foo".
 */
export type SilenceMatchers = Readonly<Record<string, string>>;

export interface SilenceLike {
  matchers: SilenceMatchers;
  /** Epoch ms; the silence holds while now < endsAt. */
  endsAt: number;
  /** Epoch ms; when given, the silence holds only from then on. */
  startsAt?: number;
}

const regexCache = new Map<string, RegExp | null>();
const REGEX_CACHE_LIMIT = 256;

function compile(source: string): RegExp | null {
  let re = regexCache.get(source);
  if (re !== undefined) return re;
  try {
    re = new RegExp(`^(?:${source})$`);
  } catch {
    re = null;
  }
  if (regexCache.size >= REGEX_CACHE_LIMIT) regexCache.delete(regexCache.keys().next().value as string);
  regexCache.set(source, re);
  return re;
}

/** Whether one matcher value matches one label value (see `SilenceMatchers`). */
export function matchValue(matcher: string, value: string): boolean {
  if (!matcher.startsWith("~")) return matcher === value;
  const re = compile(matcher.slice(1));
  return re !== null && re.test(value);
}

/**
 * True when the silence is active at `now` (now < endsAt) and every matcher matches. An empty
 * matcher set never matches (a silence must say what it silences); an invalid regex never matches.
 */
export function matchesSilence(labels: Labels, matchers: SilenceMatchers, endsAt: number, now: number): boolean {
  if (!(now < endsAt)) return false;
  const names = Object.keys(matchers);
  if (names.length === 0) return false;
  return names.every((name) => matchValue(matchers[name] as string, labels[name] ?? ""));
}

/** True when any of `silences` is active and matches `labels`. */
export function isSilenced(labels: Labels, silences: Iterable<SilenceLike>, now: number): boolean {
  for (const s of silences) {
    if (s.startsAt !== undefined && now < s.startsAt) continue;
    if (matchesSilence(labels, s.matchers, s.endsAt, now)) return true;
  }
  return false;
}

/** Validates matchers: at least one, label names Prometheus-style, regexes that compile. */
export const silenceMatchersSchema = z
  .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: "label names are letters, digits and _" }), z.string())
  .refine((m) => Object.keys(m).length > 0, { message: "at least one matcher is required" })
  .superRefine((m, ctx) => {
    for (const [name, value] of Object.entries(m)) {
      if (value.startsWith("~") && compile(value.slice(1)) === null) {
        ctx.addIssue({ code: "custom", path: [name], message: "invalid regular expression" });
      }
    }
  });
