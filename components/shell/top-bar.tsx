import { Badge, ROLE_TONE } from "@/components/ui/badge";
import { IconUser } from "@/components/ui/icons";
import type { Role } from "@/lib/contracts/roles";
import { LiveIndicator } from "./live-indicator";
import { SignOutButton } from "./sign-out-button";
import { ClusterBadge, type ClusterView } from "./cluster-badge";
import { MobileNav } from "./mobile-nav";
import { ThemeToggle } from "./theme-toggle";
import type { ThemeChoice } from "@/lib/client/theme";

export function TopBar({ user, cluster, theme, counts }: { user: { username: string; role: Role }; cluster: ClusterView; theme: ThemeChoice; counts: { openBreakers: number; firingAlerts: number } }) {
  return (
    <header className="sticky top-0 z-30 flex h-14 shrink-0 items-center justify-between gap-2 border-b border-slate-800 bg-slate-950 px-3 sm:gap-4 sm:px-6">
      <div className="flex min-w-0 items-center gap-2 sm:gap-3">
        <MobileNav initialOpenBreakers={counts.openBreakers} initialFiringAlerts={counts.firingAlerts} />
        <LiveIndicator />
        <span className="hidden sm:inline-flex">
          <ClusterBadge initial={cluster} />
        </span>
      </div>
      <div className="flex min-w-0 items-center gap-2 sm:gap-3">
        <ThemeToggle initial={theme} className="max-sm:[&>span:last-child]:sr-only" />
        <span data-testid="user-badge" className="inline-flex min-w-0 items-center gap-2 text-sm text-slate-200">
          <IconUser className="hidden text-slate-400 sm:block" />
          <span data-testid="user-name" className="truncate font-medium max-sm:max-w-20">{user.username}</span>
          <Badge tone={ROLE_TONE[user.role]} data-testid="user-role">
            {user.role}
          </Badge>
        </span>
        <SignOutButton />
      </div>
    </header>
  );
}
