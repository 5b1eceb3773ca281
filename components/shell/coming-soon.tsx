import Link from "next/link";
import type { ReactNode } from "react";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

/** An honest placeholder for a feature that is not built yet: what will be here, what to do now. */
export function ComingSoon({
  title,
  description,
  emptyTitle,
  icon,
  children,
}: {
  title: string;
  description: string;
  emptyTitle: string;
  icon: ReactNode;
  children: ReactNode;
}) {
  return (
    <>
      <PageHeader title={title} description={description} />
      <EmptyState icon={icon} title={emptyTitle}>
        {children}
        <p>
          Meanwhile, the{" "}
          <Link href="/audit" className="text-sky-400 underline-offset-2 hover:underline">
            audit trail
          </Link>{" "}
          records every sign-in and admin change, and{" "}
          <Link href="/settings" className="text-sky-400 underline-offset-2 hover:underline">
            Settings
          </Link>{" "}
          manages users and API tokens.
        </p>
      </EmptyState>
    </>
  );
}

export function Code({ children }: { children: ReactNode }) {
  return <code className="rounded bg-slate-800 px-1 py-0.5 text-slate-200">{children}</code>;
}
