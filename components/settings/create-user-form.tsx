"use client";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, fieldControl } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { api, ApiError, errorMessage } from "@/lib/client/api";
import { validate, validateField, type FieldErrors } from "@/lib/client/form-errors";
import { toast } from "@/lib/client/stores/toasts";
import { createUserSchema, type UserDto } from "@/lib/contracts/auth";
import type { Role } from "@/lib/contracts/roles";
import { RoleOptions } from "./role-options";

export function CreateUserForm({ onCreated }: { onCreated: (u: UserDto) => void }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const blur = (field: "username" | "password", value: string) => {
    if (!value) return;
    setErrors((p) => ({ ...p, [field]: validateField(createUserSchema.shape[field], value) }));
  };

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    const v = validate(createUserSchema, { username, password, role });
    if (!v.ok) return setErrors(v.errors);
    setErrors({});
    setBusy(true);
    try {
      const user = await api.post<UserDto>("/api/v1/users", v.data);
      onCreated(user);
      toast.success(`User ${user.username} created`, `Role: ${user.role}`);
      setUsername("");
      setPassword("");
      setRole("viewer");
    } catch (err) {
      if (err instanceof ApiError && err.code === "validation_failed" && err.details.length) setErrors(err.fieldErrors());
      else if (err instanceof ApiError && err.status === 409) setErrors({ username: err.message });
      else setFormError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title="Create user" description="They sign in with this username and password; share the password out of band.">
      <form onSubmit={onSubmit} noValidate aria-label="Create user" data-testid="create-user-form" className="grid gap-4 p-4 md:grid-cols-[1fr_1fr_1fr_auto] md:items-start">
        {formError ? (
          <p role="alert" className="text-sm text-rose-300 md:col-span-4">
            {formError}
          </p>
        ) : null}
        <Field id="new-user-username" label="Username" error={errors.username} hint="3–64 letters, digits, . _ -">
          <Input {...fieldControl("new-user-username", errors.username)} name="username" autoComplete="off" spellCheck={false} value={username} onChange={(e) => (setUsername(e.target.value), setErrors((p) => ({ ...p, username: undefined })))} onBlur={() => blur("username", username)} />
        </Field>
        <Field id="new-user-password" label="Password" error={errors.password} hint="At least 8 characters">
          <Input {...fieldControl("new-user-password", errors.password)} name="password" type="password" autoComplete="new-password" value={password} onChange={(e) => (setPassword(e.target.value), setErrors((p) => ({ ...p, password: undefined })))} onBlur={() => blur("password", password)} />
        </Field>
        <Field id="new-user-role" label="Role" error={errors.role}>
          <Select {...fieldControl("new-user-role", errors.role)} name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <RoleOptions />
          </Select>
        </Field>
        <div className="md:pt-5">
          <Button type="submit" variant="primary" disabled={busy}>
            {busy ? "Creating…" : "Create user"}
          </Button>
        </div>
      </form>
    </Card>
  );
}
