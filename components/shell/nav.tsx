"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import {
  IconBell,
  IconBreaker,
  IconBulkhead,
  IconHeart,
  IconHome,
  IconList,
  IconServer,
  IconSettings,
  IconTarget,
} from "@/components/ui/icons";

export const NAV_ITEMS: Array<{ href: string; label: string; icon: ReactNode }> = [
  { href: "/", label: "Overview", icon: <IconHome /> },
  { href: "/services", label: "Services", icon: <IconServer /> },
  { href: "/breakers", label: "Breakers", icon: <IconBreaker /> },
  { href: "/bulkheads", label: "Bulkheads", icon: <IconBulkhead /> },
  { href: "/slos", label: "SLOs", icon: <IconTarget /> },
  { href: "/alerts", label: "Alerts", icon: <IconBell /> },
  { href: "/health", label: "Health", icon: <IconHeart /> },
  { href: "/audit", label: "Audit", icon: <IconList /> },
  { href: "/settings", label: "Settings", icon: <IconSettings /> },
];

export function isCurrent(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

export function SideNav() {
  const pathname = usePathname() ?? "/";
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
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
