import Link from "next/link";
import { Fragment, type ReactNode } from "react";
import { buttonClasses } from "./button";

/** The trail above a page's header: a link for every page up the way, then where the user is. */
export function Breadcrumb({
  trail,
  here,
}: {
  trail: { href: string; label: ReactNode }[];
  here: ReactNode;
}) {
  return (
    <nav aria-label="Breadcrumb" className="mb-2 text-xs text-slate-400">
      {trail.map((t) => (
        <Fragment key={t.href}>
          <Link href={t.href} className="hover:text-slate-200 hover:underline">
            {t.label}
          </Link>{" "}
          /{" "}
        </Fragment>
      ))}
      {here}
    </nav>
  );
}

/** A page header's primary action: a link styled as the primary button ("New SLO", "Add service"). */
export function PrimaryLink({
  href,
  testId,
  children,
}: {
  href: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <Link href={href} className={buttonClasses("primary")} data-testid={testId}>
      {children}
    </Link>
  );
}
