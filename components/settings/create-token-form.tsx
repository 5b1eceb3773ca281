"use client";
import { Card } from "@/components/ui/card";
import { Field, FormAlert } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-section";
import { Input, Select } from "@/components/ui/input";
import { api } from "@/lib/client/api";
import { schemaErrors } from "@/lib/client/form-errors";
import { useFormState } from "@/lib/client/use-form-state";
import { createTokenSchema, type CreatedTokenDto } from "@/lib/contracts/auth";
import { RoleOptions } from "./role-options";

type Values = { name: string; role: string };
const EMPTY: Values = { name: "", role: "viewer" };
const check = (v: Values) => schemaErrors(createTokenSchema, v);

export function CreateTokenForm({ onCreated }: { onCreated: (t: CreatedTokenDto) => void }) {
  const f = useFormState<Values>({ initial: EMPTY, check, fieldId: (p) => `new-token-${p}` });
  const onSubmit = f.submit(async (v) => {
    const t = await api.post<CreatedTokenDto>("/api/v1/tokens", createTokenSchema.parse(v));
    f.reset(EMPTY);
    onCreated(t);
  });

  return (
    <Card title="Create token" description="Name it after what uses it (e.g. “ci-deploy”), and give it the smallest role that works.">
      <form onSubmit={onSubmit} noValidate aria-label="Create token" data-testid="create-token-form" className="grid gap-4 p-4 md:grid-cols-[2fr_1fr_auto] md:items-start">
        <div className="md:col-span-3 empty:hidden">
          <FormAlert message={f.formError} />
        </div>
        <Field {...f.row("name")} label="Name">
          <Input {...f.bind("name")} autoComplete="off" />
        </Field>
        <Field {...f.row("role")} label="Role">
          <Select {...f.bind("role")}>
            <RoleOptions />
          </Select>
        </Field>
        <div className="md:pt-5">
          <FormActions submitting={f.submitting} label="Create token" submittingLabel="Creating…" />
        </div>
      </form>
    </Card>
  );
}
