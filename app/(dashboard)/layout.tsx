import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { parseTheme, THEME_COOKIE } from "@/lib/client/theme";
import { ExperimentBanner } from "@/components/experiments/experiment-banner";
import { ConnectionBanner } from "@/components/shell/connection-banner";
import { LiveProvider, StaleWhenOffline } from "@/components/shell/live-provider";
import { SideNav } from "@/components/shell/nav";
import { TopBar } from "@/components/shell/top-bar";
import { IconWaves } from "@/components/ui/icons";
import { hasRole } from "@/lib/contracts/roles";
import { Toaster } from "@/components/ui/toasts";
import { getPageUser } from "@/server/api/page-auth";
import { loadBreakers, loadClusterStatus } from "@/server/api/page-data";
import { loadAlerts } from "./_data/slos-alerts";

export const dynamic = "force-dynamic";

// The layout does not know the URL, and layouts and pages render in parallel; so every page in
// this group calls requirePageUser(itsOwnPath) itself, which redirects to /login?next=<path>.
// Without a user the layout only renders the page (which redirects).
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await getPageUser();
  if (!user) return <>{children}</>;
  const openBreakers = (await loadBreakers().catch(() => [])).filter((b) => b.state === "open" || b.state === "forced_open").length;
  const firingAlerts = (await loadAlerts("firing", 500)).length;
  const cluster = await loadClusterStatus();
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <div className="flex min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-slate-800 focus:px-3 focus:py-2">
        Skip to content
      </a>
      <aside className="sticky top-0 hidden h-screen w-56 shrink-0 flex-col border-r lg:flex border-slate-800 bg-slate-900/40">
        <div className="flex h-14 items-center gap-2 border-b border-slate-800 px-4">
          <IconWaves className="text-sky-400" width={20} height={20} />
          <span className="text-sm font-semibold tracking-tight text-slate-50">Breakwater</span>
        </div>
        <SideNav initialOpenBreakers={openBreakers} initialFiringAlerts={firingAlerts} />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <TopBar user={user} cluster={cluster} theme={theme} counts={{ openBreakers, firingAlerts }} />
        <ConnectionBanner />
        <ExperimentBanner canOperate={hasRole(user.role, "operator")} />
        <main id="main" className="min-w-0 flex-1 px-3 py-4 sm:px-6 sm:py-6">
          <StaleWhenOffline className="mx-auto max-w-6xl">{children}</StaleWhenOffline>
        </main>
      </div>
      <Toaster />
      <LiveProvider />
    </div>
  );
}
