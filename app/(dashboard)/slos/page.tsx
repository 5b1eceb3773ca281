import { ComingSoon } from "@/components/shell/coming-soon";
import { IconTarget } from "@/components/ui/icons";
import { requirePageUser } from "@/server/api/page-auth";

export const dynamic = "force-dynamic";
export const metadata = { title: "SLOs" };

export default async function Page() {
  await requirePageUser("/slos");
  return (
    <ComingSoon title="SLOs" description="Service level objectives, error budgets and burn rates." emptyTitle="No SLOs yet" icon={<IconTarget />}>
      <p>
        SLOs are not built yet. They will track availability or latency objectives per service with an error-budget
        burn-down and multi-window burn-rate alerts; operators will create and edit them here.
      </p>
    </ComingSoon>
  );
}
