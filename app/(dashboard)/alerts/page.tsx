import { ComingSoon } from "@/components/shell/coming-soon";
import { IconBell } from "@/components/ui/icons";
import { requirePageUser } from "@/server/api/page-auth";

export const dynamic = "force-dynamic";
export const metadata = { title: "Alerts" };

export default async function Page() {
  await requirePageUser("/alerts");
  return (
    <ComingSoon title="Alerts" description="Firing, acknowledged and resolved alerts, and silences." emptyTitle="No alerts — alerting is not built yet" icon={<IconBell />}>
      <p>
        When it lands, open breakers, fast SLO burn, failing health checks and full bulkheads fire alerts here, with a
        toast on every page; operators acknowledge, resolve and silence them.
      </p>
    </ComingSoon>
  );
}
