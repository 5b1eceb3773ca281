"use client";
import { useState } from "react";
import { Badge, ROLE_TONE } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Select } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import { SortHeadRow, Table, Td, Th, Tr } from "@/components/ui/table";
import { useTableSort, type SortColumns } from "@/lib/client/use-table-sort";
import { api, errorMessage } from "@/lib/client/api";
import { toast } from "@/lib/client/stores/toasts";
import type { UserDto } from "@/lib/contracts/auth";
import type { Role } from "@/lib/contracts/roles";
import { CreateUserForm } from "./create-user-form";
import { ResetPasswordDialog } from "./reset-password-dialog";
import { RoleOptions } from "./role-options";

const COLUMNS: SortColumns<UserDto> = { username: (u) => u.username, role: (u) => u.role, status: (u) => u.disabled, created: (u) => u.createdAt };

export function UsersAdmin({ initialUsers, currentUsername }: { initialUsers: UserDto[]; currentUsername: string }) {
  const [users, setUsers] = useState(initialUsers);
  const [pending, setPending] = useState<string | null>(null);
  const [resetFor, setResetFor] = useState<string | null>(null);
  const [disableFor, setDisableFor] = useState<string | null>(null);

  const { rows: sortedUsers, sort } = useTableSort(users, COLUMNS);
  const replace = (u: UserDto) => setUsers((list) => list.map((x) => (x.username === u.username ? u : x)));

  async function patch(username: string, body: { role?: Role; disabled?: boolean }, done: string) {
    setPending(username);
    try {
      const u = await api.patch<UserDto>(`/api/v1/users/${encodeURIComponent(username)}`, body);
      replace(u);
      toast.success(done);
      return true;
    } catch (err) {
      toast.error(`Could not update ${username}`, errorMessage(err));
      return false;
    } finally {
      setPending(null);
    }
  }

  return (
    <div className="space-y-6">
      <CreateUserForm onCreated={(u) => setUsers((list) => [...list.filter((x) => x.username !== u.username), u])} />
      <Card title="All users" description={`${users.length} ${users.length === 1 ? "account" : "accounts"}`}>
        <Table data-testid="users-table" caption="Users">
          <SortHeadRow sort={sort} columns={[["username", "Username"], ["role", "Role"], ["status", "Status"], ["created", "Created"]]}>
            <Th className="text-right">Actions</Th>
          </SortHeadRow>
          <tbody>
            {sortedUsers.map((u) => {
              const self = u.username === currentUsername;
              return (
                <Tr key={u.username} data-testid={`user-row-${u.username}`} data-username={u.username}>
                  <Td className="font-medium">
                    {u.username}
                    {self ? (
                      <Badge tone="sky" className="ml-2">
                        you
                      </Badge>
                    ) : null}
                  </Td>
                  <Td>
                    {self ? (
                      <span title="Your own role can't be lowered here; ask another admin" data-testid={`user-role-${u.username}`}>
                        <Badge tone={ROLE_TONE[u.role]}>{u.role}</Badge>
                      </span>
                    ) : (
                      <div className="w-32">
                        <Select
                          aria-label={`Role of ${u.username}`}
                          data-testid={`user-role-${u.username}`}
                          className="h-8"
                          value={u.role}
                          disabled={pending === u.username}
                          onChange={(e) => {
                            const role = e.target.value as Role;
                            void patch(u.username, { role }, `${u.username} is now ${role}`);
                          }}
                        >
                          <RoleOptions />
                        </Select>
                      </div>
                    )}
                  </Td>
                  <Td>
                    {u.disabled ? (
                      <Badge tone="rose" data-testid={`user-status-${u.username}`}>
                        Disabled
                      </Badge>
                    ) : (
                      <Badge tone="emerald" data-testid={`user-status-${u.username}`}>
                        Active
                      </Badge>
                    )}
                  </Td>
                  <Td className="text-slate-400">
                    <RelativeTime iso={u.createdAt} />
                  </Td>
                  <Td className="whitespace-nowrap text-right">
                    <div className="inline-flex gap-2">
                      <Button size="sm" onClick={() => setResetFor(u.username)} aria-label={`Reset password for ${u.username}`}>
                        Reset password
                      </Button>
                      {self ? null : u.disabled ? (
                        <Button size="sm" disabled={pending === u.username} onClick={() => void patch(u.username, { disabled: false }, `${u.username} can sign in again`)} aria-label={`Enable ${u.username}`}>
                          Enable
                        </Button>
                      ) : (
                        <Button size="sm" variant="danger-ghost" disabled={pending === u.username} onClick={() => setDisableFor(u.username)} aria-label={`Disable ${u.username}`}>
                          Disable
                        </Button>
                      )}
                    </div>
                  </Td>
                </Tr>
              );
            })}
          </tbody>
        </Table>
      </Card>

      <ResetPasswordDialog
        username={resetFor}
        isSelf={resetFor === currentUsername}
        onClose={() => setResetFor(null)}
        onDone={(u) => {
          setResetFor(null);
          if (u.username === currentUsername) {
            window.location.assign("/login?next=/settings/users");
            return;
          }
          replace(u);
          toast.success(`Password for ${u.username} changed`, "Their sessions were signed out.");
        }}
      />

      <ConfirmDialog
        open={disableFor !== null}
        onClose={() => setDisableFor(null)}
        onConfirm={async () => {
          const name = disableFor;
          if (!name) return;
          await patch(name, { disabled: true }, `${name} is disabled`);
          setDisableFor(null);
        }}
        title={`Disable ${disableFor ?? ""}?`}
        description="They are signed out everywhere at once and cannot sign in until an admin enables the account again."
        confirmLabel="Disable user"
        busy={pending !== null}
        testId="disable-user-dialog"
      />
    </div>
  );
}
