// A health check as an operator sends it, validated: the shared schema, the service, the protocol's
// options, the checker (a custom one's own options) and the target, every problem named by its
// field. Secrets sent back as REDACTED keep their stored values.
import { healthCheckInputSchema, PROTOCOL_OPTIONS } from "@/lib/contracts/health";
import { zodIssuesToDetails, type ErrorDetail } from "@/lib/contracts/errors";
import { REDACTED, restoreSecrets } from "@/lib/contracts/secrets";
import type { z } from "zod";
import { validationFailed } from "../errors";
import { checkerFor, type CheckerRegistry } from "./registry";

export type ValidCheck = { check: z.output<typeof healthCheckInputSchema>; options: unknown };

/**
 * An edit shows secrets as REDACTED (see checkDto): where it sends the marker back, the stored value
 * stays. A marker with nothing stored behind it (or in a new check) is refused, naming the field.
 */
export function withStoredSecrets(input: unknown, stored: unknown): unknown {
  if (typeof input !== "object" || input === null || !("options" in input)) return input;
  const r = restoreSecrets(input.options, stored, "options");
  if (r.missing.length) {
    throw validationFailed(r.missing.map((path) => ({ path, message: `is '${REDACTED}' (which keeps a stored secret), but nothing is stored for it: send the value` })));
  }
  return { ...input, options: r.value };
}

/** The problems of a check's checker: none registered under its name, its target, a custom checker's own options. */
function checkerProblems(registry: CheckerRegistry, protocol: string, target: string, options: unknown): ErrorDetail[] {
  const checker = checkerFor(registry, { protocol, options });
  if (!checker) {
    const known = registry.customNames();
    return [{ path: "options.checker", message: known.length ? `no custom checker named '${String((options as { checker?: string }).checker)}'; registered: ${known.join(", ")}` : "no custom checkers are registered (list modules under healthCheckers in the config file)" }];
  }
  const details: ErrorDetail[] = [];
  const targetError = checker.validateTarget(target);
  if (targetError) details.push({ path: "target", message: targetError });
  if (protocol === "custom") {
    const own = checker.optionsSchema.safeParse((options as { config: unknown }).config);
    if (!own.success) details.push(...zodIssuesToDetails(own.error.issues).map((d) => ({ ...d, path: `options.config.${d.path}` })));
  }
  return details;
}

/** Validates a check: the shared schema, the service, the protocol's options and the target. */
export function validateCheck(input: unknown, registry: CheckerRegistry, serviceExists: (name: string) => boolean): ValidCheck {
  const parsed = healthCheckInputSchema.safeParse(input);
  if (!parsed.success) throw validationFailed(zodIssuesToDetails(parsed.error.issues));
  const c = parsed.data;
  const details: ErrorDetail[] = [];
  if (!serviceExists(c.service)) details.push({ path: "service", message: `no service named '${c.service}'` });
  const optParsed = PROTOCOL_OPTIONS[c.protocol].safeParse(c.options);
  let options: unknown = c.options;
  if (!optParsed.success) details.push(...zodIssuesToDetails(optParsed.error.issues).map((d) => ({ ...d, path: `options.${d.path}` })));
  else {
    options = optParsed.data;
    details.push(...checkerProblems(registry, c.protocol, c.target, options));
  }
  if (details.length) throw validationFailed(details);
  return { check: c, options };
}
