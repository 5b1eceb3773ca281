"use client";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, fieldControl } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { api, ApiError, errorMessage } from "@/lib/client/api";
import { validate, validateField, type FieldErrors } from "@/lib/client/form-errors";
import { createTokenSchema, type CreatedTokenDto } from "@/lib/contracts/auth";
import type { Role } from "@/lib/contracts/roles";
import { RoleOptions } from "./role-options";

export function CreateTokenForm({ onCreated }: { onCreated: (t: CreatedTokenDto) => void }) {
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    const v = validate(createTokenSchema, { name, role });
    if (!v.ok) return setErrors(v.errors);
    setErrors({});
    setBusy(true);
    try {
      const t = await api.post<CreatedTokenDto>("/api/v1/tokens", v.data);
      setName("");
      setRole("viewer");
      onCreated(t);
    } catch (err) {
      if (err instanceof ApiError && err.details.length) setErrors(err.fieldErrors());
      else setFormError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title="Create token" description="Name it after what uses it (e.g. “ci-deploy”), and give it the smallest role that works.">
      <form onSubmit={onSubmit} noValidate aria-label="Create token" data-testid="create-token-form" className="grid gap-4 p-4 md:grid-cols-[2fr_1fr_auto] md:items-start">
        {formError ? (
          <p role="alert" className="text-sm text-rose-300 md:col-span-3">
            {formError}
          </p>
        ) : null}
        <Field id="new-token-name" label="Name" error={errors.name}>
          <Input {...fieldControl("new-token-name", errors.name)} name="name" autoComplete="off" value={name} onChange={(e) => (setName(e.target.value), setErrors((p) => ({ ...p, name: undefined })))} onBlur={() => name && setErrors((p) => ({ ...p, name: validateField(createTokenSchema.shape.name, name) }))} />
        </Field>
        <Field id="new-token-role" label="Role" error={errors.role}>
          <Select {...fieldControl("new-token-role", errors.role)} name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <RoleOptions />
          </Select>
        </Field>
        <div className="md:pt-5">
          <Button type="submit" variant="primary" disabled={busy}>
            {busy ? "Creating…" : "Create token"}
          </Button>
        </div>
      </form>
    </Card>
  );
}
