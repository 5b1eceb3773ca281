// The dashboard's sections, in navigation order (side nav, mobile menu, 404 page).
import type { ReactNode } from "react";
import {
  IconBell,
  IconBreaker,
  IconBulkhead,
  IconFlask,
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
  { href: "/experiments", label: "Experiments", icon: <IconFlask /> },
  { href: "/audit", label: "Audit", icon: <IconList /> },
  { href: "/settings", label: "Settings", icon: <IconSettings /> },
];
