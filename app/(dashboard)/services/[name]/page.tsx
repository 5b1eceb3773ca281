import { notFound } from "next/navigation";
import { TransitionsTimeline } from "@/components/breakers/transitions-list";
import { BulkheadPanel } from "@/components/bulkheads/bulkhead-panel";
import { BreakerSummary, ServiceHeaderActions } from "@/components/services/service-detail";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/contracts/roles";
import type { ServiceDto } from "@/lib/contracts/services";
import { requirePageUser } from "@/server/api/page-auth";
import { loadBreaker, loadBulkhead, loadBulkheadSamples, loadConfigFilePath, loadGatewayUrl, loadService, loadTransitions } from "@/server/api/page-data";
import { GatewayUrl } from "@/components/services/gateway-url";
import Link from "next/link";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }) {
  return { title: `Service ${decodeURIComponent((await params).name)}` };
}

function adaptiveSummary(a: ServiceDto["bulkhead"]["adaptive"]): string {
  if (!a) return "off (static max concurrent)";
  const tuning = a.algorithm === "gradient2" ? `tolerance ${a.tolerance}, smoothing ${a.smoothing}` : `latency threshold ${a.latencyThresholdMs} ms, back-off ×${a.backoffRatio}`;
  return `${a.algorithm}: ${a.minLimit}–${a.maxLimit}, starting at ${a.initialLimit}; ${tuning}; ${a.sampleWindowMs} ms windows`;
}

function Settings({ s }: { s: ServiceDto }) {
  const w = s.breaker.window;
  const rows: Array<[string, string]> = [
    ["Base URL", s.baseUrl],
    ["Timeout", `${s.timeoutMs} ms`],
    ["Breaker", `trips at ${s.breaker.failureRateThreshold} % failures or ${s.breaker.slowCallRateThreshold} % slow (≥ ${s.breaker.slowCallDurationMs} ms) over ${w.type === "count" ? `${w.size} calls` : `${w.seconds} s`}, min. ${s.breaker.minimumCalls} calls${s.breaker.consecutiveFailures ? `, or ${s.breaker.consecutiveFailures} failures in a row` : ""}`],
    ["Open", `${s.breaker.waitInOpenMs} ms, doubling up to ${s.breaker.maxWaitInOpenMs} ms; ${s.breaker.halfOpenMaxCalls} trial calls, ${s.breaker.successThreshold} to close`],
    ["Failure statuses", s.breaker.failureStatusCodes.join(", ") || "—"],
    ["Bulkhead", `${s.bulkhead.maxConcurrent} concurrent, queue ${s.bulkhead.maxQueue}, queue timeout ${s.bulkhead.queueTimeoutMs} ms`],
    ["Adaptive limit", adaptiveSummary(s.bulkhead.adaptive)],
    ["Per-user", s.perUserBulkhead ? `${s.perUserBulkhead.key}: ${s.perUserBulkhead.maxConcurrent} concurrent, queue ${s.perUserBulkhead.maxQueue}, ${s.perUserBulkhead.maxKeys} keys max` : "off"],
    ["Retries", `${s.retry.maxAttempts} ${s.retry.maxAttempts === 1 ? "attempt (no retries)" : "attempts"}, ${s.retry.initialDelayMs}–${s.retry.maxDelayMs} ms ×${s.retry.multiplier}, ${s.retry.jitter} jitter, on ${s.retry.retryOn.join(", ") || "—"}, budget ${s.retry.budgetPercent} %`],
  ];
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 p-4 text-sm" data-testid="service-settings">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-slate-400">{k}</dt>
          <dd className="break-all text-slate-200">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export default async function ServicePage({ params }: { params: Promise<{ name: string }> }) {
  const name = decodeURIComponent((await params).name);
  const user = await requirePageUser(`/services/${encodeURIComponent(name)}`);
  const service = await loadService(name);
  if (!service) notFound();
  const [breaker, bulkhead, transitions, samples] = await Promise.all([loadBreaker(name), loadBulkhead(name), loadTransitions(name, 20), loadBulkheadSamples(name, "15m").catch(() => null)]);
  return (
    <>
      <PageHeader
        title={service.name}
        description={
          <>
            <GatewayUrl base={loadGatewayUrl()} service={service.name} />… → <code className="text-slate-300">{service.baseUrl}</code>{" "}
            {service.source === "file" ? <Badge tone="amber">file-declared · read-only</Badge> : null}
          </>
        }
        actions={<ServiceHeaderActions service={service} canAdmin={hasRole(user.role, "admin")} gatewayUrl={loadGatewayUrl()} configFile={loadConfigFilePath()} />}
      />
      <div className="space-y-4">
        <div className="grid gap-4 lg:grid-cols-2">
          {breaker ? (
            <Card title="Circuit breaker" actions={<Link href={`/breakers/${encodeURIComponent(name)}`} className="text-xs text-sky-400 underline underline-offset-2">Charts and history</Link>}>
              <BreakerSummary initial={breaker} canOperate={hasRole(user.role, "operator")} threshold={service.breaker.failureRateThreshold} />
            </Card>
          ) : null}
          <Card title="Settings">
            <Settings s={service} />
          </Card>
        </div>
        {bulkhead ? <BulkheadPanel initial={bulkhead} samples={samples} showTitle={false} canOperate={hasRole(user.role, "operator")} /> : null}
        <Card title="Recent transitions" description="Newest first, live">
          <TransitionsTimeline initial={transitions} name={name} limit={20} />
        </Card>
      </div>
    </>
  );
}
