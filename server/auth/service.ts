// Authentication and account management: login/logout, sessions, bearer tokens, users, audit.
import type { Role } from "@/lib/contracts/roles";
import type { ApiTokenDto, CreatedTokenDto, UserDto } from "@/lib/contracts/auth";
import type { Persistence } from "../persistence";
import type { AuditRecorder } from "../audit";
import { AppError, conflict, notFound, unauthorized } from "../errors";
import { createLoginThrottle, throttleKey } from "./login-throttle";
import { dummyHash, generatePassword, hashPassword, verifyPassword } from "./passwords";
import type { Principal } from "./principal";
import { credentialKey, sessionPrincipal, tokenPrincipal, type CredentialChange } from "./credentials";
import { API_TOKEN_PREFIX, newSecret, sha256 } from "./secrets";
import type { ApiTokenRecord } from "../persistence/repos/api-tokens";
import type { UserRecord } from "../persistence/repos/users";
import type { Logger } from "../logger";

export interface AuthServiceOptions {
  sessionTtlMs: number;
  /** Called when sessions end early (logout), so live connections of that session can be closed. */
  onSessionRevoked?: (sessionId: string) => void;
  onUserSessionsRevoked?: (userId: string) => void;
  now?: () => number;
}

const userDto = (u: UserRecord): UserDto => ({
  username: u.username,
  role: u.role,
  disabled: u.disabled,
  createdAt: u.createdAt.toISOString(),
  updatedAt: u.updatedAt.toISOString(),
});

const tokenDto = (t: ApiTokenRecord): ApiTokenDto => ({
  id: t.id,
  name: t.name,
  role: t.role,
  prefix: t.prefix,
  createdBy: t.createdBy,
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
});

export function createAuthService(p: Persistence, audit: AuditRecorder, opts: AuthServiceOptions) {
  const now = opts.now ?? Date.now;
  const throttle = createLoginThrottle(p.loginAttempts, now);
  const credentialListeners = new Set<(c: CredentialChange) => void>();
  const credentialsChanged = (c: CredentialChange) => {
    for (const fn of credentialListeners) {
      try {
        fn(c);
      } catch {
        // a faulty listener never breaks the auth service
      }
    }
  };
  /** Bearer tokens are checked on every API call: remember recent look-ups briefly, but never a revoked one. */
  const tokenLastTouch = new Map<string, number>();

  /** The user a new token acts for: the signed-in user, or the owner of the token that mints it. */
  async function ownerOf(actor: Principal): Promise<string> {
    if (actor.userId) return actor.userId;
    const u = await p.users.findByUsername(actor.username);
    if (!u) throw unauthorized("the acting user no longer exists");
    return u.id;
  }

  return {
    /** Creates `admin` on an empty database. Returns the generated password when one was generated. */
    async bootstrapAdmin(password: string | undefined, log: Logger): Promise<{ created: boolean; generated?: string }> {
      if ((await p.users.count()) > 0) return { created: false };
      const pw = password ?? generatePassword();
      try {
        await p.users.create({ username: "admin", passwordHash: await hashPassword(pw), role: "admin" });
      } catch (err) {
        // another instance created it first
        if ((await p.users.findByUsername("admin")) !== null) return { created: false };
        throw err;
      }
      await audit.record({ actor: "system", action: "user.create", target: "user:admin", after: { role: "admin" }, reason: "bootstrap" });
      if (password) {
        log.info("created user 'admin' with the password from BREAKWATER_ADMIN_PASSWORD");
        return { created: true };
      }
      return { created: true, generated: pw };
    },

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
        await p.sessions.revoke(principal.sessionId);
        opts.onSessionRevoked?.(principal.sessionId);
        credentialsChanged({ sessionId: principal.sessionId });
      }
      await audit.record({ actor: principal.username, action: "auth.logout", target: `user:${principal.username}`, ip });
    },

    /** Resolves a session cookie value to its principal, or null when missing, expired, revoked or disabled. */
    async fromSession(secret: string | undefined): Promise<Principal | null> {
      if (!secret) return null;
      return sessionPrincipal(await p.sessions.findByTokenHash(sha256(secret)), now());
    },

    /** Resolves a bearer token to its principal (capped at its owner's role), or null when unknown, revoked or its owner is disabled or gone. */
    async fromBearer(token: string | undefined): Promise<Principal | null> {
      if (!token || !token.startsWith(API_TOKEN_PREFIX)) return null;
      const t = await p.apiTokens.findByHash(sha256(token));
      const principal = tokenPrincipal(t);
      if (!t || !principal) return null;
      const last = tokenLastTouch.get(t.id) ?? 0;
      if (now() - last > 60_000) {
        tokenLastTouch.set(t.id, now());
        await p.apiTokens.touch(t.id, new Date(now()));
      }
      return principal;
    },

    /**
     * What the credentials behind live connections are worth now, keyed by credentialKey(): a
     * principal (possibly with another role), or null when the credential no longer works.
     */
    async recheck(principals: Principal[]): Promise<Map<string, Principal | null>> {
      const sessionIds = [...new Set(principals.flatMap((x) => (x.via === "session" && x.sessionId ? [x.sessionId] : [])))];
      const tokenIds = [...new Set(principals.flatMap((x) => (x.via === "token" && x.tokenId ? [x.tokenId] : [])))];
      const [sessions, tokens] = await Promise.all([p.sessions.findManyWithUser(sessionIds), p.apiTokens.findManyWithOwner(tokenIds)]);
      const out = new Map<string, Principal | null>();
      for (const x of principals) out.set(credentialKey(x), null);
      for (const s of sessions) out.set(`session:${s.id}`, sessionPrincipal(s, now()));
      for (const t of tokens) out.set(`token:${t.id}`, tokenPrincipal(t));
      return out;
    },

    /** Subscribes to credential changes (logout, revocation, password, role or disabled changes). */
    onCredentialsChanged(fn: (c: CredentialChange) => void): () => void {
      credentialListeners.add(fn);
      return () => credentialListeners.delete(fn);
    },

    async listUsers(): Promise<UserDto[]> {
      return (await p.users.list()).map(userDto);
    },

    async createUser(actor: Principal, input: { username: string; password: string; role: Role }): Promise<UserDto> {
      if (await p.users.findByUsername(input.username)) throw conflict(`user '${input.username}' already exists`);
      let u: UserRecord;
      try {
        u = await p.users.create({ username: input.username, role: input.role, passwordHash: await hashPassword(input.password) });
      } catch (err) {
        if (await p.users.findByUsername(input.username)) throw conflict(`user '${input.username}' already exists`);
        throw err;
      }
      await audit.record({ actor: actor.username, action: "user.create", target: `user:${u.username}`, after: { role: u.role } });
      return userDto(u);
    },

    async updateUser(actor: Principal, username: string, patch: { role?: Role; disabled?: boolean; password?: string }): Promise<UserDto> {
      const u = await p.users.findByUsername(username);
      if (!u) throw notFound(`user '${username}'`);
      if (actor.username === username && (patch.disabled === true || (patch.role && patch.role !== "admin"))) {
        throw new AppError(409, "conflict", "you cannot disable yourself or lower your own role; ask another admin");
      }
      const data: Partial<Pick<UserRecord, "role" | "disabled" | "passwordHash">> = {};
      if (patch.role !== undefined) data.role = patch.role;
      if (patch.disabled !== undefined) data.disabled = patch.disabled;
      if (patch.password !== undefined) data.passwordHash = await hashPassword(patch.password);
      const updated = await p.users.update(u.id, data);
      // A disabled account or a new password ends every existing session of that user.
      if (patch.disabled === true || patch.password !== undefined) {
        await p.sessions.revokeAllForUser(u.id);
        opts.onUserSessionsRevoked?.(u.id);
      }
      // live connections of this user (sessions and the user's tokens) are closed or re-checked
      if (patch.disabled !== undefined || patch.password !== undefined || (patch.role !== undefined && patch.role !== u.role)) {
        credentialsChanged({ userId: u.id });
      }
      await audit.record({
        actor: actor.username,
        action: "user.update",
        target: `user:${username}`,
        before: { role: u.role, disabled: u.disabled },
        after: { role: updated.role, disabled: updated.disabled, ...(patch.password !== undefined ? { password: "reset" } : {}) },
      });
      return userDto(updated);
    },

    async listTokens(): Promise<ApiTokenDto[]> {
      return (await p.apiTokens.list()).map(tokenDto);
    },

    async createToken(actor: Principal, input: { name: string; role: Role }): Promise<CreatedTokenDto> {
      const token = newSecret(API_TOKEN_PREFIX);
      const t = await p.apiTokens.create({
        name: input.name,
        role: input.role,
        tokenHash: sha256(token),
        prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
        createdBy: actor.username,
        ownerId: await ownerOf(actor),
      });
      await audit.record({ actor: actor.username, action: "token.create", target: `token:${t.id}`, after: { name: t.name, role: t.role } });
      return { ...tokenDto(t), token };
    },

    async revokeToken(actor: Principal, id: string): Promise<ApiTokenDto> {
      const t = await p.apiTokens.findById(id);
      if (!t) throw notFound(`token '${id}'`);
      if (t.revokedAt) return tokenDto(t);
      const revoked = await p.apiTokens.revoke(id);
      tokenLastTouch.delete(id);
      credentialsChanged({ tokenId: id });
      await audit.record({ actor: actor.username, action: "token.revoke", target: `token:${id}`, before: { name: t.name, role: t.role } });
      return tokenDto(revoked);
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
