// Server components ask who is signed in here; pages under the dashboard redirect to /login when
// nobody is, and admin pages answer 403 (next/navigation `forbidden()`) for smaller roles.
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { hasRole, type Role } from "@/lib/contracts/roles";
import { getRuntime } from "../runtime-access";
import { SESSION_COOKIE } from "../auth/secrets";

export interface PageUser {
  username: string;
  role: Role;
}

export async function getPageUser(): Promise<PageUser | null> {
  const jar = await cookies();
  const p = await getRuntime().auth.fromSession(jar.get(SESSION_COOKIE)?.value);
  return p ? { username: p.username, role: p.role } : null;
}

/** The signed-in user, or a redirect to /login (with a return path). */
export async function requirePageUser(returnTo?: string): Promise<PageUser> {
  const user = await getPageUser();
  if (!user) redirect(returnTo ? `/login?next=${encodeURIComponent(returnTo)}` : "/login");
  return user;
}

/** The signed-in user when they have at least `role`; otherwise a 403 page. */
export async function requirePageRole(role: Role, returnTo?: string): Promise<PageUser> {
  const user = await requirePageUser(returnTo);
  if (!hasRole(user.role, role)) forbidden();
  return user;
}

/** Recent audit entries for server-rendered first paint. */
export async function loadAudit(q: { actor?: string; action?: string; target?: string; limit?: number; since?: string }) {
  return getRuntime().audit.list({ limit: q.limit ?? 50, actor: q.actor, action: q.action, target: q.target, since: q.since });
}

export async function loadUsers() {
  return getRuntime().auth.listUsers();
}

export async function loadTokens() {
  return getRuntime().auth.listTokens();
}
