"use client";
import { useRef, useState } from "react";
import { Badge, ROLE_TONE } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { IconKey } from "@/components/ui/icons";
import { RelativeTime } from "@/components/ui/relative-time";
import { SortHeadRow, Table, Td, Th, Tr } from "@/components/ui/table";
import { useTableSort, type SortColumns } from "@/lib/client/use-table-sort";
import { api, errorMessage } from "@/lib/client/api";
import { toast } from "@/lib/client/stores/toasts";
import type { ApiTokenDto, CreatedTokenDto } from "@/lib/contracts/auth";
import { CreateTokenForm } from "./create-token-form";
import { TokenSecret } from "./token-secret";

const COLUMNS: SortColumns<ApiTokenDto> = {
  name: (t) => t.name,
  role: (t) => t.role,
  prefix: (t) => t.prefix,
  createdBy: (t) => t.createdBy,
  created: (t) => t.createdAt,
  lastUsed: (t) => t.lastUsedAt,
  status: (t) => (t.revokedAt ? 1 : 0),
};

export function TokensAdmin({ initialTokens }: { initialTokens: ApiTokenDto[] }) {
  const [tokens, setTokens] = useState(initialTokens);
  const { rows: sortedTokens, sort } = useTableSort(tokens, COLUMNS);
  const [created, setCreated] = useState<CreatedTokenDto | null>(null);
  const [revoking, setRevoking] = useState<ApiTokenDto | null>(null);
  const [busy, setBusy] = useState(false);
  const formArea = useRef<HTMLDivElement>(null);

  async function revoke() {
    if (!revoking) return;
    setBusy(true);
    try {
      const t = await api.del<ApiTokenDto>(`/api/v1/tokens/${encodeURIComponent(revoking.id)}`);
      setTokens((list) => list.map((x) => (x.id === t.id ? t : x)));
      toast.success(`Token ${t.name} revoked`, "Requests with it now get 401.");
      if (created?.id === t.id) setCreated(null);
      setRevoking(null);
    } catch (err) {
      toast.error(`Could not revoke ${revoking.name}`, errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-6">
      <div ref={formArea} className="space-y-4">
        {created ? (
          <TokenSecret
            token={created}
            onDismiss={() => {
              setCreated(null);
              formArea.current?.querySelector<HTMLInputElement>("#new-token-name")?.focus();
            }}
          />
        ) : null}
        <CreateTokenForm
          onCreated={(t) => {
            const { token: _secret, ...dto } = t;
            void _secret;
            setTokens((list) => [dto, ...list.filter((x) => x.id !== t.id)]);
            setCreated(t);
          }}
        />
      </div>

      <Card title="Tokens" description={`${tokens.filter((t) => !t.revokedAt).length} active, ${tokens.filter((t) => t.revokedAt).length} revoked`}>
        {tokens.length === 0 ? (
          <div className="p-4">
            <EmptyState icon={<IconKey />} title="No API tokens yet">
              <p>Create one above for scripts and CI; it is shown once.</p>
            </EmptyState>
          </div>
        ) : (
          <Table data-testid="tokens-table" caption="API tokens">
            <SortHeadRow sort={sort} columns={[["name", "Name"], ["role", "Role"], ["prefix", "Prefix"], ["createdBy", "Created by"], ["created", "Created"], ["lastUsed", "Last used"], ["status", "Status"]]}>
              <Th className="text-right">Actions</Th>
            </SortHeadRow>
            <tbody>
              {sortedTokens.map((t) => (
                <Tr key={t.id} data-testid={`token-row-${t.id}`} data-name={t.name} className={t.revokedAt ? "text-slate-400" : undefined}>
                  <Td className="font-medium">{t.name}</Td>
                  <Td>
                    <Badge tone={ROLE_TONE[t.role]}>{t.role}</Badge>
                  </Td>
                  <Td>
                    <code className="text-xs text-slate-300">{t.prefix}…</code>
                  </Td>
                  <Td>{t.createdBy}</Td>
                  <Td className="text-slate-400">
                    <RelativeTime iso={t.createdAt} />
                  </Td>
                  <Td className="text-slate-400">{t.lastUsedAt ? <RelativeTime iso={t.lastUsedAt} /> : "never"}</Td>
                  <Td>
                    {t.revokedAt ? (
                      <Badge tone="rose">
                        Revoked <RelativeTime iso={t.revokedAt} />
                      </Badge>
                    ) : (
                      <Badge tone="emerald">Active</Badge>
                    )}
                  </Td>
                  <Td className="text-right">
                    {t.revokedAt ? null : (
                      <Button size="sm" variant="danger-ghost" onClick={() => setRevoking(t)} aria-label={`Revoke token ${t.name}`}>
                        Revoke
                      </Button>
                    )}
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>

      <ConfirmDialog
        open={revoking !== null}
        onClose={() => setRevoking(null)}
        onConfirm={() => void revoke()}
        title={`Revoke token “${revoking?.name ?? ""}”?`}
        description="Anything that uses this token gets 401 Unauthorized from its next request on. This cannot be undone."
        confirmLabel="Revoke token"
        busyLabel="Revoking…"
        busy={busy}
        testId="revoke-token-dialog"
      />
    </div>
  );
}
