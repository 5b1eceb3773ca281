import { Badge, ROLE_TONE } from "@/components/ui/badge";
import { IconUser } from "@/components/ui/icons";
import type { Role } from "@/lib/contracts/roles";
import { LiveIndicator } from "./live-indicator";
import { SignOutButton } from "./sign-out-button";
import { ClusterBadge, type ClusterView } from "./cluster-badge";

export function TopBar({ user, cluster }: { user: { username: string; role: Role }; cluster: ClusterView }) {
  return (
    <header className="flex h-14 shrink-0 items-center justify-between gap-4 border-b border-slate-800 bg-slate-950/80 px-6">
      <div className="flex items-center gap-3">
        <LiveIndicator />
        <ClusterBadge initial={cluster} />
      </div>
      <div className="flex items-center gap-3">
        <span data-testid="user-badge" className="inline-flex items-center gap-2 text-sm text-slate-200">
          <IconUser className="text-slate-400" />
          <span data-testid="user-name" className="font-medium">{user.username}</span>
          <Badge tone={ROLE_TONE[user.role]} data-testid="user-role">
            {user.role}
          </Badge>
        </span>
        <SignOutButton />
      </div>
    </header>
  );
}
