import type { ChangeEvent, FormEvent, ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { Field, FormAlert } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-section";
import { Select } from "@/components/ui/input";
import { RoleOptions } from "./role-options";

/** A one-row "create" form in a card (users, tokens): fields side by side, the button at the end. */
export function CreateCard({
  title,
  description,
  testId,
  gridClass,
  formError,
  submitting,
  onSubmit,
  children,
}: {
  title: string;
  description: ReactNode;
  testId: string;
  /** The md: grid columns, the last one for the button. */
  gridClass: string;
  formError: string | null;
  submitting: boolean;
  onSubmit: (e: FormEvent) => void;
  children: ReactNode;
}) {
  return (
    <Card title={title} description={description}>
      <form onSubmit={onSubmit} noValidate aria-label={title} data-testid={testId} className={`grid gap-4 p-4 md:items-start ${gridClass}`}>
        <div className="empty:hidden md:col-span-full">
          <FormAlert message={formError} />
        </div>
        {children}
        <div className="md:pt-5">
          <FormActions submitting={submitting} label={title} submittingLabel="Creating…" />
        </div>
      </form>
    </Card>
  );
}

/** The role to give, bound like the other fields of a useFormState form. */
export function RoleField({ row, bind }: { row: { id: string; error?: string }; bind: { value: string; onChange: (e: ChangeEvent<HTMLSelectElement>) => void; onBlur: () => void; name: string; id: string } }) {
  return (
    <Field {...row} label="Role">
      <Select {...bind}>
        <RoleOptions />
      </Select>
    </Field>
  );
}
