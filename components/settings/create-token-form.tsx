"use client";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { api } from "@/lib/client/api";
import { schemaErrors } from "@/lib/client/form-errors";
import { useFormState } from "@/lib/client/use-form-state";
import { createTokenSchema, type CreatedTokenDto } from "@/lib/contracts/auth";
import { CreateCard, RoleField } from "./create-card";

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
    <CreateCard title="Create token" description="Name it after what uses it (e.g. “ci-deploy”), and give it the smallest role that works." testId="create-token-form" gridClass="md:grid-cols-[2fr_1fr_auto]" formError={f.formError} submitting={f.submitting} onSubmit={onSubmit}>
      <Field {...f.row("name")} label="Name">
        <Input {...f.bind("name")} autoComplete="off" />
      </Field>
      <RoleField row={f.row("role")} bind={f.bind("role")} />
    </CreateCard>
  );
}
