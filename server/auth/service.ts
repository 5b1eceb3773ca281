// Authentication: sign-in (throttled), sessions, re-checking live credentials and announcing
// credential changes; user accounts (accounts.ts) and bearer tokens (token-auth.ts) are composed in.
import type { Persistence } from "../persistence";
import type { AuditRecorder } from "../audit";
import { AppError, unauthorized } from "../errors";
import { createLoginThrottle, throttleKey } from "./login-throttle";
import { dummyHash, verifyPassword } from "./passwords";
import type { Principal } from "./principal";
import { credentialChanges, credentialKey, sessionPrincipal, tokenPrincipal } from "./credentials";
import { newSecret, sha256 } from "./secrets";
import { createAccounts } from "./accounts";
import { createTokenAuth } from "./token-auth";

export interface AuthServiceOptions {
  sessionTtlMs: number;
  /** The clock's time (runtime: clock.now). */
  now: () => number;
}

export function createAuthService(p: Persistence, audit: AuditRecorder, opts: AuthServiceOptions) {
  const now = opts.now;
  const throttle = createLoginThrottle(p.loginAttempts, now);
  const changes = credentialChanges();
  const accounts = createAccounts(p, audit, { changed: changes.emit, now });
  const tokens = createTokenAuth(p, audit, now, changes.emit);

  return {
    ...accounts,
    ...tokens,
    async login(input: { username: string; password: string; ip: string; userAgent?: string }) {
      const key = throttleKey(input.username, input.ip);
      // counted before the password is checked, so parallel attempts cannot slip past the limit
      const admission = await throttle.admit(key);
      if (!admission.allowed) {
        throw new AppError(429, "too_many_attempts", "too many failed sign-in attempts; try again later", undefined, admission.retryAfterMs);
      }
      const user = await p.users.findByUsername(input.username);
      const ok = user ? await verifyPassword(user.passwordHash, input.password) : await verifyPassword(await dummyHash(), input.password);
      if (!user || !ok || user.disabled) {
        await audit.record({
          actor: input.username,
          action: "auth.login_failed",
          target: `user:${input.username}`,
          reason: user?.disabled && ok ? "account disabled" : "wrong username or password",
          ip: input.ip,
        });
        throw unauthorized(user?.disabled && ok ? "this account is disabled" : "wrong username or password");
      }
      await throttle.succeed(key);
      const secret = newSecret("");
      const expiresAt = new Date(now() + opts.sessionTtlMs);
      await p.sessions.create({ tokenHash: sha256(secret), userId: user.id, expiresAt, ip: input.ip, userAgent: input.userAgent?.slice(0, 300) });
      await audit.record({ actor: user.username, action: "auth.login", target: `user:${user.username}`, ip: input.ip });
      return { secret, expiresAt, user: { username: user.username, role: user.role } };
    },

    async logout(principal: Principal, ip?: string): Promise<void> {
      if (principal.sessionId) {
        await p.sessions.revoke(principal.sessionId, new Date(now()));
        changes.emit({ sessionId: principal.sessionId });
      }
      await audit.record({ actor: principal.username, action: "auth.logout", target: `user:${principal.username}`, ip });
    },

    /** Resolves a session cookie value to its principal, or null when missing, expired, revoked or disabled. */
    async fromSession(secret: string | undefined): Promise<Principal | null> {
      if (!secret) return null;
      return sessionPrincipal(await p.sessions.findByTokenHash(sha256(secret)), now());
    },

    /**
     * What the credentials behind live connections are worth now, keyed by credentialKey(): a
     * principal (possibly with another role), or null when the credential no longer works.
     */
    async recheck(principals: Principal[]): Promise<Map<string, Principal | null>> {
      const sessionIds = [...new Set(principals.flatMap((x) => (x.via === "session" && x.sessionId ? [x.sessionId] : [])))];
      const tokenIds = [...new Set(principals.flatMap((x) => (x.via === "token" && x.tokenId ? [x.tokenId] : [])))];
      const [sessionRows, tokenRows] = await Promise.all([p.sessions.findManyWithUser(sessionIds), p.apiTokens.findManyWithOwner(tokenIds)]);
      const out = new Map<string, Principal | null>();
      for (const x of principals) out.set(credentialKey(x), null);
      for (const s of sessionRows) out.set(`session:${s.id}`, sessionPrincipal(s, now()));
      for (const t of tokenRows) out.set(`token:${t.id}`, tokenPrincipal(t));
      return out;
    },

    /** Subscribes to credential changes (logout, revocation, password, role or disabled changes). */
    onCredentialsChanged: changes.on,
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
