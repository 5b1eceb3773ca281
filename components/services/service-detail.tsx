"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { BreakerActions } from "@/components/breakers/breaker-actions";
import { BreakerStateDetail, formatRate } from "@/components/breakers/state-badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { api, errorMessage } from "@/lib/client/api";
import { useLiveBreaker } from "@/lib/client/live-hooks";
import { toast } from "@/lib/client/stores/toasts";
import type { BreakerDto } from "@/lib/contracts/breakers";
import type { ServiceDto } from "@/lib/contracts/services";
import { Stat } from "@/components/bulkheads/bulkhead-stat";
import { serviceGatewayUrl } from "./gateway-url";

export function ServiceHeaderActions({ service, canAdmin, gatewayUrl, configFile = null }: { service: ServiceDto; canAdmin: boolean; gatewayUrl: string; configFile?: string | null }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!canAdmin) return null;
  if (service.source === "file") {
    return (
      <p className="max-w-xs text-xs text-slate-400" data-testid="file-service-note">
        Declared in the config file: read-only here. Change it in <code className="break-all text-slate-300">{configFile ?? "the BREAKWATER_CONFIG file"}</code> and restart.
      </p>
    );
  }
  async function remove() {
    setBusy(true);
    try {
      await api.del(`/api/v1/services/${encodeURIComponent(service.name)}`);
      toast.success(`Service ${service.name} deleted`);
      router.push("/services");
      router.refresh();
    } catch (err) {
      toast.error(`Could not delete ${service.name}`, errorMessage(err));
      setBusy(false);
    }
  }
  return (
    <div className="flex gap-2">
      <Link href={`/services/${encodeURIComponent(service.name)}/edit`} className={buttonClasses("secondary")}>
        Edit
      </Link>
      <Button variant="danger-ghost" onClick={() => setOpen(true)}>
        Delete
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} tone="danger" title={`Delete ${service.name}?`} description={`Requests to ${serviceGatewayUrl(gatewayUrl, service.name)}… will answer 404 at once, and its breaker and bulkhead go away.`}>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>Cancel</Button>
          <Button variant="danger" onClick={remove} disabled={busy}>
            {busy ? "Deleting…" : "Delete"}
          </Button>
        </DialogActions>
      </Dialog>
    </div>
  );
}

export function BreakerSummary({ initial, canOperate, threshold }: { initial: BreakerDto; canOperate: boolean; threshold?: number }) {
  const b = useLiveBreaker(initial) ?? initial;
  return (
    <div className="space-y-3 p-4" data-testid={`breaker-summary-${b.name}`}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <BreakerStateDetail breaker={b} />
        {canOperate ? <BreakerActions breaker={b} size="sm" /> : null}
      </div>
      {b.override ? (
        <p className="text-xs text-slate-400">
          Reason: <span className="text-slate-200">{b.override.reason}</span>
        </p>
      ) : null}
      <dl className="flex flex-wrap gap-x-6 gap-y-2">
        <Stat label="Failure rate" value={formatRate(b.metrics.failureRate)} tone={threshold !== undefined && b.metrics.failureRate >= threshold ? "rose" : undefined} />
        <Stat label="Slow calls" value={formatRate(b.metrics.slowCallRate)} />
        <Stat label="Calls in window" value={b.metrics.calls} />
        <Stat label="Failures" value={b.metrics.failures} />
        <Stat label="Rejected" value={b.metrics.rejected} tone={b.metrics.rejected > 0 ? "rose" : undefined} />
      </dl>
    </div>
  );
}
