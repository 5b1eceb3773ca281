import { ComingSoon } from "@/components/shell/coming-soon";
import { IconHeart } from "@/components/ui/icons";
import { requirePageUser } from "@/server/api/page-auth";

export const dynamic = "force-dynamic";
export const metadata = { title: "Health" };

export default async function Page() {
  await requirePageUser("/health");
  return (
    <ComingSoon title="Health" description="Active health checks for each service (HTTP, TCP, gRPC, WebSocket…)." emptyTitle="No health checks yet" icon={<IconHeart />}>
      <p>
        Health checks are not built yet. Admins will add HTTP, HTTPS, TCP, gRPC, WebSocket or custom checks per service;
        a check that turns unhealthy opens its service&apos;s breaker and fires an alert.
      </p>
    </ComingSoon>
  );
}
