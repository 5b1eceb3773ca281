"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { isOpenState, useLive } from "@/lib/client/stores/live";
import { useAlerts } from "@/lib/client/stores/alerts";
import { NAV_ITEMS } from "./nav-items";

export { NAV_ITEMS };

export function isCurrent(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

/** Open (incl. forced open) breakers: the server's count until the live snapshot arrives. */
function useOpenCount(initial: number): number {
  const seq = useLive((s) => s.seq);
  const live = useLive((s) => Object.values(s.breakers).filter((b) => isOpenState(b.state)).length);
  return seq === 0 ? initial : live;
}

/** Firing (not acknowledged) alerts: the server's count until the live snapshot arrives. */
function useFiringCount(initial: number): number {
  const seq = useAlerts((s) => s.seq);
  const live = useAlerts((s) => Object.values(s.byId).filter((a) => a.status === "firing").length);
  return seq === 0 ? initial : live;
}

export function SideNav({ initialOpenBreakers = 0, initialFiringAlerts = 0 }: { initialOpenBreakers?: number; initialFiringAlerts?: number }) {
  const pathname = usePathname() ?? "/";
  const openBreakers = useOpenCount(initialOpenBreakers);
  const firingAlerts = useFiringCount(initialFiringAlerts);
  return (
    <nav aria-label="Main" className="flex-1 px-2 py-3">
      <ul className="space-y-0.5">
        {NAV_ITEMS.map((item) => {
          const current = isCurrent(pathname, item.href);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={current ? "page" : undefined}
                className={cn(
                  "flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm",
                  current ? "bg-sky-500/10 font-medium text-sky-300" : "text-slate-300 hover:bg-slate-800 hover:text-slate-100",
                )}
              >
                <span className={current ? "text-sky-400" : "text-slate-400"}>{item.icon}</span>
                <span className="flex-1">{item.label}</span>
                {item.href === "/breakers" && openBreakers > 0 ? (
                  <span data-testid="nav-open-breakers" className="rounded-full bg-rose-500/20 px-1.5 text-xs font-semibold tabular-nums text-rose-200 ring-1 ring-inset ring-rose-500/40" title={`${openBreakers} open`}>
                    {openBreakers}
                    <span className="sr-only"> open</span>
                  </span>
                ) : null}
                {item.href === "/alerts" && firingAlerts > 0 ? (
                  <span data-testid="nav-firing-alerts" className="rounded-full bg-rose-500/20 px-1.5 text-xs font-semibold tabular-nums text-rose-200 ring-1 ring-inset ring-rose-500/40" title={`${firingAlerts} firing`}>
                    {firingAlerts}
                    <span className="sr-only"> firing</span>
                  </span>
                ) : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
