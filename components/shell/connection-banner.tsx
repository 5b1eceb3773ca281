"use client";
import { usePathname } from "next/navigation";
import { IconAlert, IconRefresh } from "@/components/ui/icons";
import { useConnection } from "@/lib/client/stores/connection";

/** Shown only after the page has been live: the connection dropped, or the session ended. */
export function ConnectionBanner() {
  const { status, everLive, refused } = useConnection();
  const pathname = usePathname() ?? "/";
  if (refused) {
    return (
      <div role="alert" data-testid="connection-banner" data-kind="signed-out" className="flex items-center gap-2 border-b border-rose-500/30 bg-rose-500/10 px-6 py-2 text-sm text-rose-200">
        <IconAlert />
        <span>Live updates stopped — your session has ended.</span>
        <a className="font-medium text-rose-100 underline underline-offset-2" href={`/login?next=${encodeURIComponent(pathname)}`}>
          Sign in again
        </a>
      </div>
    );
  }
  if (!everLive || status === "live") return null;
  return (
    <div role="status" data-testid="connection-banner" data-kind="reconnecting" className="flex items-center gap-2 border-b border-amber-500/30 bg-amber-500/10 px-6 py-2 text-sm text-amber-200">
      <IconRefresh className="animate-spin [animation-duration:2s]" />
      <span>Live updates paused — reconnecting…</span>
    </div>
  );
}
