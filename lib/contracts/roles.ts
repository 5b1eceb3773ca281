import { z } from "zod";

export const ROLES = ["viewer", "operator", "admin"] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** True when `role` is at least `required` (admin ⊃ operator ⊃ viewer). */
export function hasRole(role: Role, required: Role): boolean {
  return RANK[role] >= RANK[required];
}
