// Secret values in stored configurations (health-check options, notifier configs): what is shown
// in their place, and how an edit that sends the marker back keeps the stored secret. One helper
// for every place a configuration leaves the server: API answers, audit entries (and the live
// audit events made from them) and the dashboard.

/** Shown in place of a secret value. Sending it back in an edit keeps the stored value. */
export const REDACTED = "[redacted]";

/** Keys (lower case, without - and _) whose string value is a secret wherever they appear. */
const SECRET_KEY = /^(token|bearer|authorization|cookie|.*(password|passphrase|secret|apikey|accesstoken|authtoken|privatekey|credentials?))$/;
const isSecretKey = (k: string) => SECRET_KEY.test(k.toLowerCase().replace(/[-_]/g, ""));
/** Objects whose every value is a secret: request headers carry credentials under any name. */
const SECRET_MAPS = new Set(["headers"]);

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);

function redactAt(value: unknown, secret: boolean): unknown {
  if (secret && (typeof value === "string" || typeof value === "number")) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactAt(v, secret));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_MAPS.has(k) && isPlainObject(v)
      ? Object.fromEntries(Object.entries(v).map(([h, hv]) => [h, redactAt(hv, true)]))
      : redactAt(v, secret || isSecretKey(k));
  }
  return out;
}

/**
 * A copy of `value` with every secret replaced by `REDACTED`: each value of a `headers` object, and
 * each string under a key that names a secret (password, token, apiKey, authorization, …).
 */
export function redactSecrets<T>(value: T): T {
  return redactAt(value, false) as T;
}

/**
 * Puts the stored secret back wherever `incoming` holds the marker at the same path. `missing`
 * lists the dotted paths of markers with nothing stored behind them (the caller refuses those).
 */
export function restoreSecrets(incoming: unknown, stored: unknown, base = ""): { value: unknown; missing: string[] } {
  if (incoming === REDACTED) {
    const kept = typeof stored === "string" || typeof stored === "number";
    return kept ? { value: stored, missing: [] } : { value: incoming, missing: [base || "(value)"] };
  }
  if (!isPlainObject(incoming)) return { value: incoming, missing: [] };
  const prev = isPlainObject(stored) ? stored : {};
  const out: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const [k, v] of Object.entries(incoming)) {
    const r = restoreSecrets(v, Object.hasOwn(prev, k) ? prev[k] : undefined, base ? `${base}.${k}` : k);
    out[k] = r.value;
    missing.push(...r.missing);
  }
  return { value: out, missing };
}
