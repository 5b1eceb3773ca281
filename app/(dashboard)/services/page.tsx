import { Code, ComingSoon } from "@/components/shell/coming-soon";
import { IconServer } from "@/components/ui/icons";
import { requirePageUser } from "@/server/api/page-auth";

export const dynamic = "force-dynamic";
export const metadata = { title: "Services" };

export default async function Page() {
  await requirePageUser("/services");
  return (
    <ComingSoon title="Services" description="The upstream HTTP services Breakwater protects, and their gateway routes." emptyTitle="No services yet — services arrive with the gateway" icon={<IconServer />}>
      <p>
        Registering services and proxying traffic through <Code>/gw/&lt;service&gt;/…</Code> is not built yet. Once the
        gateway lands, admins add services here (or in <Code>breakwater.yaml</Code>), and <Code>npm run demo</Code> will
        start three demo upstreams — healthy, flaky and slow — so you can watch them.
      </p>
    </ComingSoon>
  );
}
