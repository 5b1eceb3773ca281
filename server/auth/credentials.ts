// What a credential (a session or a bearer token) is worth right now. A session acts as its user
// until it expires or is revoked; a token acts for its owner: it stops working when the owner is
// disabled or deleted, and never has more than the owner's role.
import { hasRole, type Role } from "@/lib/contracts/roles";
import type { ApiTokenWithOwner } from "../persistence/repos/api-tokens";
import type { SessionWithUser } from "../persistence/repos/sessions";
import type { Principal } from "./principal";

/** The lower of two roles. */
export function minRole(a: Role, b: Role): Role {
  return hasRole(a, b) ? b : a;
}

export function sessionPrincipal(s: SessionWithUser | null, now: number): Principal | null {
  if (!s || s.revokedAt || s.expiresAt.getTime() <= now || s.user.disabled) return null;
  return {
    username: s.user.username,
    role: s.user.role,
    via: "session",
    userId: s.user.id,
    sessionId: s.id,
    expiresAt: s.expiresAt.getTime(),
  };
}

export function tokenPrincipal(t: ApiTokenWithOwner | null): Principal | null {
  if (!t || t.revokedAt || !t.owner || t.owner.disabled) return null;
  return { username: `token:${t.name}`, role: minRole(t.role, t.owner.role), via: "token", tokenId: t.id, userId: t.owner.id };
}

/** Identifies the credential behind a principal ("session:<id>" or "token:<id>"). */
export function credentialKey(p: Principal): string {
  return p.via === "session" ? `session:${p.sessionId ?? ""}` : `token:${p.tokenId ?? ""}`;
}

/** A change to credentials: live connections using them must be closed or re-checked. */
export type CredentialChange = { sessionId: string } | { userId: string } | { tokenId: string };

/** A tiny listener list for credential changes; a faulty listener never breaks the emitter. */
export function credentialChanges() {
  const listeners = new Set<(c: CredentialChange) => void>();
  return {
    emit(c: CredentialChange): void {
      for (const fn of listeners) {
        try {
          fn(c);
        } catch {
          // ignored: see above
        }
      }
    },
    on(fn: (c: CredentialChange) => void): () => void {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}
