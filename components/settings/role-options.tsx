import { ROLES } from "@/lib/contracts/roles";

export const ROLE_HELP: Record<(typeof ROLES)[number], string> = {
  viewer: "viewer — read everything",
  operator: "operator — plus breakers, alerts, SLOs",
  admin: "admin — plus services, health checks, users, tokens",
};

export function RoleOptions({ long = false }: { long?: boolean }) {
  return (
    <>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {long ? ROLE_HELP[r] : r}
        </option>
      ))}
    </>
  );
}
