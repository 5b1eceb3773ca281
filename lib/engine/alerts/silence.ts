import { z } from "zod";
import { RE2JS } from "re2js";
import type { Labels } from "./fingerprint";

/** Longest matcher value (pattern) accepted, and longest label value a regex is run against. */
export const SILENCE_MATCHER_MAX = 1024;
export const SILENCE_LABEL_VALUE_MAX = 1024;

/**
 * Silence matchers: label name → value. A value is matched exactly, unless it starts with "~": the
 * rest is then a regular expression that must match the whole label value (anchored, like
 * Alertmanager's =~). A label the alert lacks is matched as "". To match a literal value starting
 * with "~", use a regex: "~\\~foo". Regexes are RE2 (linear time: no backreferences or lookaround),
 * so no pattern can stall evaluation; a label value longer than `SILENCE_LABEL_VALUE_MAX` never
 * matches a regex (the alert stays loud rather than the check growing with the value).
 */
export type SilenceMatchers = Readonly<Record<string, string>>;

export interface SilenceLike {
  matchers: SilenceMatchers;
  /** Epoch ms; the silence holds while now < endsAt. */
  endsAt: number;
  /** Epoch ms; when given, the silence holds only from then on. */
  startsAt?: number;
}

const regexCache = new Map<string, RE2JS | null>();
const REGEX_CACHE_LIMIT = 256;

function compile(source: string): RE2JS | null {
  let re = regexCache.get(source);
  if (re !== undefined) return re;
  try {
    re = source.length > SILENCE_MATCHER_MAX ? null : RE2JS.compile(source);
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
  if (value.length > SILENCE_LABEL_VALUE_MAX) return false;
  const re = compile(matcher.slice(1));
  return re !== null && re.matches(value); // whole value (anchored)
}

/**
 * True when the silence is active at `now` (now < endsAt) and every matcher matches. An empty
 * matcher set never matches (a silence must say what it silences); an invalid regex never matches.
 */
export function matchesSilence(labels: Labels, matchers: SilenceMatchers, endsAt: number, now: number): boolean {
  if (!(now < endsAt)) return false;
  const names = Object.keys(matchers);
  if (names.length === 0) return false;
  // own labels only: "toString" or "constructor" is not a label every alert has
  return names.every((name) => matchValue(matchers[name] as string, Object.hasOwn(labels, name) ? (labels[name] as string) : ""));
}

/** True when any of `silences` is active and matches `labels`. */
export function isSilenced(labels: Labels, silences: Iterable<SilenceLike>, now: number): boolean {
  for (const s of silences) {
    if (s.startsAt !== undefined && now < s.startsAt) continue;
    if (matchesSilence(labels, s.matchers, s.endsAt, now)) return true;
  }
  return false;
}

/** Validates matchers: 1 to 50, label names Prometheus-style, values ≤ 1 KiB, regexes that compile as RE2. */
export const silenceMatchersSchema = z
  .record(
    z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]{0,99}$/, { message: "label names are letters, digits and _ (at most 100)" })
      .refine((n) => n !== "__proto__", { message: "is not a usable label name" }),
    z.string().max(SILENCE_MATCHER_MAX, { message: `must be at most ${SILENCE_MATCHER_MAX} characters` }),
  )
  .refine((m) => Object.keys(m).length > 0, { message: "at least one matcher is required" })
  .refine((m) => Object.keys(m).length <= 50, { message: "at most 50 matchers" })
  .superRefine((m, ctx) => {
    for (const [name, value] of Object.entries(m)) {
      if (value.length > SILENCE_MATCHER_MAX || !value.startsWith("~")) continue;
      try {
        RE2JS.compile(value.slice(1));
      } catch (err) {
        const why = err instanceof Error ? err.message.replace(/^error parsing regexp: /, "") : "invalid";
        ctx.addIssue({ code: "custom", path: [name], message: `invalid regular expression (RE2 syntax): ${why}` });
      }
    }
  });
