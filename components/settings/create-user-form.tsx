"use client";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { api, ApiError } from "@/lib/client/api";
import { schemaErrors } from "@/lib/client/form-errors";
import { toast } from "@/lib/client/stores/toasts";
import { useFormState } from "@/lib/client/use-form-state";
import { createUserSchema, type UserDto } from "@/lib/contracts/auth";
import { CreateCard, RoleField } from "./create-card";

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
    <CreateCard title="Create user" description="They sign in with this username and password; share the password out of band." testId="create-user-form" gridClass="md:grid-cols-[1fr_1fr_1fr_auto]" formError={f.formError} submitting={f.submitting} onSubmit={onSubmit}>
      <Field {...f.row("username")} label="Username" hint="3–64 letters, digits, . _ -">
        <Input {...f.bind("username")} autoComplete="off" spellCheck={false} />
      </Field>
      <Field {...f.row("password")} label="Password" hint="At least 8 characters">
        <Input {...f.bind("password")} type="password" autoComplete="new-password" />
      </Field>
      <RoleField row={f.row("role")} bind={f.bind("role")} />
    </CreateCard>
  );
}
