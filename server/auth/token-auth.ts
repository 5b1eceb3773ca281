// Bearer tokens: resolving them (a token acts for its owner, see credentials.ts), listing,
// minting and revoking. A revocation is announced through `changed`.
import type { Role } from "@/lib/contracts/roles";
import type { ApiTokenDto, CreatedTokenDto } from "@/lib/contracts/auth";
import type { Persistence } from "../persistence";
import type { AuditRecorder } from "../audit";
import { notFound, unauthorized } from "../errors";
import type { Principal } from "./principal";
import { tokenPrincipal, type CredentialChange } from "./credentials";
import { API_TOKEN_PREFIX, newSecret, sha256 } from "./secrets";
import type { ApiTokenRecord } from "../persistence/repos/api-tokens";

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

export function createTokenAuth(p: Persistence, audit: AuditRecorder, now: () => number, changed: (c: CredentialChange) => void) {
  /** Bearer tokens are checked on every API call: `lastUsedAt` is written at most once a minute. */
  const tokenLastTouch = new Map<string, number>();

  /** The user a new token acts for: the signed-in user, or the owner of the token that mints it. */
  async function ownerOf(actor: Principal): Promise<string> {
    if (actor.userId) return actor.userId;
    const u = await p.users.findByUsername(actor.username);
    if (!u) throw unauthorized("the acting user no longer exists");
    return u.id;
  }

  return {
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
      const revoked = await p.apiTokens.revoke(id, new Date(now()));
      tokenLastTouch.delete(id);
      changed({ tokenId: id });
      await audit.record({ actor: actor.username, action: "token.revoke", target: `token:${id}`, before: { name: t.name, role: t.role } });
      return tokenDto(revoked);
    },
  };
}
