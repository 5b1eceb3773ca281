"use client";
// Opens the page's socket once the dashboard shell mounts; marks the content stale while the
// connection is down after having been live.
import { useEffect, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { connectSocket } from "@/lib/client/socket";
import { useConnection } from "@/lib/client/stores/connection";

export function LiveProvider() {
  useEffect(() => {
    connectSocket();
  }, []);
  return null;
}

export function StaleWhenOffline({ children, className }: { children: ReactNode; className?: string }) {
  const stale = useConnection((s) => s.everLive && s.status !== "live");
  return (
    <div data-stale={stale || undefined} className={cn("transition-[filter,opacity] duration-300", stale && "opacity-70 grayscale-[40%]", className)}>
      {children}
    </div>
  );
}
