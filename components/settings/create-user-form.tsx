"use client";
import { Card } from "@/components/ui/card";
import { Field, FormAlert } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-section";
import { Input, Select } from "@/components/ui/input";
import { api, ApiError } from "@/lib/client/api";
import { schemaErrors } from "@/lib/client/form-errors";
import { toast } from "@/lib/client/stores/toasts";
import { useFormState } from "@/lib/client/use-form-state";
import { createUserSchema, type UserDto } from "@/lib/contracts/auth";
import { RoleOptions } from "./role-options";

type Values = { username: string; password: string; role: string };
const EMPTY: Values = { username: "", password: "", role: "viewer" };
const check = (v: Values) => schemaErrors(createUserSchema, v);

export function CreateUserForm({ onCreated }: { onCreated: (u: UserDto) => void }) {
  const f = useFormState<Values>({ initial: EMPTY, check, fieldId: (p) => `new-user-${p}` });
  const onSubmit = f.submit(async (v) => {
    try {
      const user = await api.post<UserDto>("/api/v1/users", createUserSchema.parse(v));
      onCreated(user);
      toast.success(`User ${user.username} created`, `Role: ${user.role}`);
      f.reset(EMPTY);
    } catch (err) {
      // the username is taken: say so under it
      if (err instanceof ApiError && err.status === 409) throw new ApiError({ status: 409, code: err.code, message: err.message, details: [{ path: "username", message: err.message }] });
      throw err;
    }
  });

  return (
    <Card title="Create user" description="They sign in with this username and password; share the password out of band.">
      <form onSubmit={onSubmit} noValidate aria-label="Create user" data-testid="create-user-form" className="grid gap-4 p-4 md:grid-cols-[1fr_1fr_1fr_auto] md:items-start">
        <div className="md:col-span-4 empty:hidden">
          <FormAlert message={f.formError} />
        </div>
        <Field {...f.row("username")} label="Username" hint="3–64 letters, digits, . _ -">
          <Input {...f.bind("username")} autoComplete="off" spellCheck={false} />
        </Field>
        <Field {...f.row("password")} label="Password" hint="At least 8 characters">
          <Input {...f.bind("password")} type="password" autoComplete="new-password" />
        </Field>
        <Field {...f.row("role")} label="Role">
          <Select {...f.bind("role")}>
            <RoleOptions />
          </Select>
        </Field>
        <div className="md:pt-5">
          <FormActions submitting={f.submitting} label="Create user" submittingLabel="Creating…" />
        </div>
      </form>
    </Card>
  );
}
