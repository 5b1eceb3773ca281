"use client";
// Admin: webhook notifiers (Alertmanager JSON, version "4") — add, test, remove — and the delivery
// log.
import { useCallback, useEffect, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { LocalTime, RelativeTime } from "@/components/ui/relative-time";
import { EmptyRow, HeadRow, Table, Td, Tr } from "@/components/ui/table";
import { api, errorMessage } from "@/lib/client/api";
import { toast } from "@/lib/client/stores/toasts";
import type { DeliveryDto, NotifierDto } from "@/lib/contracts/alerts";
import { AddNotifierForm } from "./add-notifier-form";

function TestResult({ d }: { d: DeliveryDto }) {
  return (
    <p data-testid="notifier-test-result" data-ok={String(d.ok)} className={cn("mt-1 text-xs", d.ok ? "text-emerald-300" : "text-rose-300")} role="status">
      {d.ok ? "Test delivered" : "Test failed"}
      {d.httpStatus !== null ? ` · HTTP ${d.httpStatus}` : ""}
      {d.error ? ` · ${d.error}` : ""} · <RelativeTime iso={d.at} />
    </p>
  );
}

export function NotifiersAdmin({ initialNotifiers, initialDeliveries }: { initialNotifiers: NotifierDto[]; initialDeliveries: DeliveryDto[] }) {
  const [notifiers, setNotifiers] = useState(initialNotifiers);
  const [deliveries, setDeliveries] = useState(initialDeliveries);
  const [tests, setTests] = useState<Record<string, DeliveryDto>>({});
  const [testing, setTesting] = useState<string | null>(null);
  const [removing, setRemoving] = useState<NotifierDto | null>(null);
  const [busy, setBusy] = useState(false);
  const reloadDeliveries = useCallback(async () => {
    try {
      setDeliveries(await api.get<DeliveryDto[]>("/api/v1/deliveries", { query: { limit: 50 } }));
    } catch {
      /* keep what we have */
    }
  }, []);
  useEffect(() => {
    const t = window.setInterval(() => void reloadDeliveries(), 5000);
    return () => window.clearInterval(t);
  }, [reloadDeliveries]);
  const names = useMemo(() => Object.fromEntries(notifiers.map((n) => [n.id, n.name])), [notifiers]);

  async function test(n: NotifierDto) {
    setTesting(n.id);
    try {
      const d = await api.post<DeliveryDto>(`/api/v1/notifiers/${encodeURIComponent(n.id)}/test`, {});
      setTests((t) => ({ ...t, [n.id]: d }));
      if (d.ok) toast.success(`Test sent to '${n.name}'`, d.httpStatus !== null ? `HTTP ${d.httpStatus}` : undefined);
      else toast.error(`Test to '${n.name}' failed`, d.error ?? (d.httpStatus !== null ? `HTTP ${d.httpStatus}` : undefined));
      void reloadDeliveries();
    } catch (err) {
      toast.error(`Could not test '${n.name}'`, errorMessage(err));
    } finally {
      setTesting(null);
    }
  }
  async function remove() {
    if (!removing) return;
    setBusy(true);
    try {
      await api.del(`/api/v1/notifiers/${encodeURIComponent(removing.id)}`);
      setNotifiers((l) => l.filter((x) => x.id !== removing.id));
      toast.success(`Notifier '${removing.name}' removed`);
      setRemoving(null);
    } catch (err) {
      toast.error("Could not remove the notifier", errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-4">
      <Card title="Add a webhook" description="Every alert that fires or resolves (unless silenced) is POSTed here, with retries.">
        <AddNotifierForm onAdded={(n) => setNotifiers((l) => [...l.filter((x) => x.id !== n.id), n])} />
      </Card>
      <Card title="Notifiers">
        {notifiers.length === 0 ? (
          <p className="px-4 py-4 text-sm text-slate-400" data-testid="empty-state">
            No notifiers yet — add a webhook above; alerts are only shown in the dashboard until then.
          </p>
        ) : (
          <ul className="divide-y divide-slate-800">
            {notifiers.map((n) => (
              <li key={n.id} data-testid={`notifier-row-${n.name}`} className="flex flex-wrap items-start gap-3 px-4 py-3">
                <div className="min-w-0 flex-1">
                  <p className="font-medium text-slate-100">{n.name}</p>
                  <p className="font-mono text-xs text-slate-400">
                    {n.type} · {n.target}
                  </p>
                  <p className="text-xs text-slate-400">
                    added by {n.createdBy} <RelativeTime iso={n.createdAt} />
                  </p>
                  {tests[n.id] ? <TestResult d={tests[n.id]!} /> : null}
                </div>
                <div className="flex gap-1.5">
                  <Button size="sm" onClick={() => test(n)} disabled={testing === n.id}>
                    {testing === n.id ? "Testing…" : "Test"}
                  </Button>
                  <Button size="sm" variant="danger-ghost" onClick={() => setRemoving(n)}>
                    Remove
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Delivery log" description="Newest first; retries show as further attempts. Refreshes every 5 s.">
        <Table caption="Notification deliveries" data-testid="delivery-log">
          <HeadRow labels={["Time", "Notifier", "Alert", "Status", "Attempt", "Result", "HTTP", "Error"]} />
          <tbody>
            {deliveries.length === 0 ? (
              <EmptyRow colSpan={8} className="py-4">Nothing delivered yet — use Test, or wait for an alert.</EmptyRow>
            ) : (
              deliveries.map((d) => (
                <Tr key={d.id} data-testid="delivery-row" data-ok={String(d.ok)} data-status={d.status}>
                  <Td className="whitespace-nowrap">
                    <LocalTime iso={d.at} mode="time" />
                  </Td>
                  <Td>{names[d.notifierId] ?? <span className="text-slate-400">removed</span>}</Td>
                  <Td className="font-mono text-xs">{d.alertId ? <a href={`/alerts/${encodeURIComponent(d.alertId)}`} className="text-sky-300 hover:underline">{d.alertId.slice(0, 8)}</a> : "test"}</Td>
                  <Td>{d.status}</Td>
                  <Td>{d.attempt}</Td>
                  <Td className={d.ok ? "text-emerald-300" : "text-rose-300"}>{d.ok ? "✓ delivered" : "✗ failed"}</Td>
                  <Td>{d.httpStatus ?? "—"}</Td>
                  <Td className="max-w-xs break-words text-xs text-slate-400">{d.error ?? "—"}</Td>
                </Tr>
              ))
            )}
          </tbody>
        </Table>
      </Card>
      <ConfirmDialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        onConfirm={() => void remove()}
        title={`Remove notifier '${removing?.name ?? ""}'?`}
        description="Alerts stop being sent to it; its delivery log stays."
        confirmLabel="Remove"
        busyLabel="Removing…"
        busy={busy}
        testId="remove-notifier-dialog"
      />
    </div>
  );
}
