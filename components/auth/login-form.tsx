"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState, type ChangeEvent, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, fieldControl } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { IconAlert } from "@/components/ui/icons";
import { api, ApiError, errorMessage, formatWait } from "@/lib/client/api";
import { validate, validateField, type FieldErrors } from "@/lib/client/form-errors";
import { loginRequestSchema } from "@/lib/contracts/auth";

/** Messages for the `error` a no-script sign-in is redirected back with (see server/api/auth.ts). */
const NO_SCRIPT_ERRORS: Record<string, string> = {
  invalid: "Sign-in failed: wrong username or password.",
  disabled: "Sign-in failed: this account is disabled.",
  throttled: "Too many failed sign-in attempts. Try again later.",
  validation: "Enter your username and password.",
  refused: "Sign-in was refused. Reload the page and try again.",
};

export function LoginForm({ next, initialError }: { next: string; initialError?: string }) {
  const router = useRouter();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(initialError ? (NO_SCRIPT_ERRORS[initialError] ?? NO_SCRIPT_ERRORS.refused!) : null);
  const [busy, setBusy] = useState(false);
  const [lockedUntil, setLockedUntil] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (!lockedUntil) return;
    const t = window.setInterval(() => {
      const n = Date.now();
      setNow(n);
      if (n >= lockedUntil) {
        setLockedUntil(null);
        setFormError(null);
      }
    }, 1000);
    return () => window.clearInterval(t);
  }, [lockedUntil]);

  const locked = lockedUntil !== null && now < lockedUntil;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (busy || locked) return;
    const v = validate(loginRequestSchema, { username, password });
    if (!v.ok) {
      setErrors(v.errors);
      return;
    }
    setErrors({});
    setFormError(null);
    setBusy(true);
    try {
      await api.post("/api/v1/auth/login", v.data);
      router.replace(next);
      router.refresh();
      // keep the button disabled while the dashboard loads
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError) {
        if (err.status === 429) {
          const wait = err.retryAfterMs ?? 60_000;
          setLockedUntil(Date.now() + wait);
          setNow(Date.now());
          setFormError(`Too many failed sign-in attempts. Try again in ${formatWait(wait)}.`);
          return;
        }
        if (err.code === "validation_failed" && err.details.length) {
          setErrors(err.fieldErrors());
          return;
        }
        setFormError(err.status === 401 ? `Sign-in failed: ${err.message}.` : errorMessage(err));
        return;
      }
      setFormError(errorMessage(err));
    }
  }

  const remaining = locked && lockedUntil ? formatWait(lockedUntil - now) : null;
  /** A field's control props, value and change handler: typing clears the field's error. */
  const control = (field: "username" | "password", value: string, set: (v: string) => void) => ({
    ...fieldControl(field, errors[field]),
    value,
    onChange: (e: ChangeEvent<HTMLInputElement>) => (set(e.target.value), setErrors((p) => ({ ...p, [field]: undefined }))),
  });

  return (
    // method and action make a sign-in submitted before (or without) the script a POST to the API,
    // which answers a form post with a redirect: credentials never end up in a URL.
    <form method="post" action="/api/v1/auth/login" onSubmit={onSubmit} noValidate className="mt-5 space-y-4" aria-label="Sign in" data-testid="login-form">
      <input type="hidden" name="next" value={next} />
      {formError ? (
        <div role="alert" data-testid="login-error" className="flex items-start gap-2 rounded-md bg-rose-500/10 p-3 text-sm text-rose-200 ring-1 ring-inset ring-rose-500/30">
          <IconAlert className="mt-0.5 shrink-0" />
          <span>{remaining ? `Too many failed sign-in attempts. Try again in ${remaining}.` : formError}</span>
        </div>
      ) : null}
      <Field id="username" label="Username" error={errors.username}>
        <Input
          {...control("username", username, setUsername)}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus
          onBlur={() => username && setErrors((p) => ({ ...p, username: validateField(loginRequestSchema.shape.username, username) }))}
        />
      </Field>
      <Field id="password" label="Password" error={errors.password}>
        <Input {...control("password", password, setPassword)} type="password" autoComplete="current-password" />
      </Field>
      <Button type="submit" variant="primary" className="w-full" disabled={busy || locked} aria-disabled={busy || locked}>
        {busy ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
