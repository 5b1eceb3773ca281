import { ComingSoon } from "@/components/shell/coming-soon";
import { IconBreaker } from "@/components/ui/icons";
import { requirePageUser } from "@/server/api/page-auth";

export const dynamic = "force-dynamic";
export const metadata = { title: "Breakers" };

export default async function Page() {
  await requirePageUser("/breakers");
  return (
    <ComingSoon title="Breakers" description="One circuit breaker per service: state, failure rate, and overrides." emptyTitle="No circuit breakers yet" icon={<IconBreaker />}>
      <p>
        Each service gets a breaker named after it, so breakers appear once services exist (not built yet). This page
        will then show every breaker as Closed, Half-open or Open with its failure and slow-call rates, and let operators
        force one open or closed, with a reason.
      </p>
    </ComingSoon>
  );
}
