import { Code, ComingSoon } from "@/components/shell/coming-soon";
import { IconBulkhead } from "@/components/ui/icons";
import { requirePageUser } from "@/server/api/page-auth";

export const dynamic = "force-dynamic";
export const metadata = { title: "Bulkheads" };

export default async function Page() {
  await requirePageUser("/bulkheads");
  return (
    <ComingSoon title="Bulkheads" description="Concurrency limits per service: active and queued calls, rejections." emptyTitle="No bulkheads yet" icon={<IconBulkhead />}>
      <p>
        Bulkheads come with services and the gateway, which are not built yet. When they land you will see, per service,
        active and queued calls against <Code>maxConcurrent</Code> and <Code>maxQueue</Code>, and how many calls were
        rejected or timed out in the queue.
      </p>
    </ComingSoon>
  );
}
