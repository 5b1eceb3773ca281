"use client";
import { useState, type FormEvent } from "react";
import { Dialog, DialogSubmit } from "@/components/ui/dialog";
import { Field, fieldControl } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { api, ApiError, errorMessage } from "@/lib/client/api";
import { validateField } from "@/lib/client/form-errors";
import { passwordSchema, type UserDto } from "@/lib/contracts/auth";

export function ResetPasswordDialog({
  username,
  isSelf,
  onClose,
  onDone,
}: {
  username: string | null;
  isSelf: boolean;
  onClose: () => void;
  onDone: (u: UserDto) => void;
}) {
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  function close() {
    setPassword("");
    setError(undefined);
    onClose();
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!username) return;
    const msg = validateField(passwordSchema, password);
    if (msg) return setError(msg);
    setBusy(true);
    try {
      const u = await api.patch<UserDto>(`/api/v1/users/${encodeURIComponent(username)}`, { password });
      setPassword("");
      setError(undefined);
      onDone(u);
    } catch (err) {
      setError(err instanceof ApiError ? (err.fieldErrors().password ?? err.message) : errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      open={username !== null}
      onClose={close}
      title={`Reset password for ${username ?? ""}`}
      description={isSelf ? "This is your own account: every session, including this one, is signed out." : `Every session of ${username ?? ""} is signed out; they sign in again with the new password.`}
      testId="reset-password-dialog"
    >
      <form onSubmit={onSubmit} noValidate>
        <Field id="reset-password" label="New password" error={error} hint="At least 8 characters">
          <Input {...fieldControl("reset-password", error)} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
        <DialogSubmit onCancel={close} busy={busy} label="Save password" />
      </form>
    </Dialog>
  );
}
