import { describe, expect, it } from "vitest";
import { credentialKey, minRole, sessionPrincipal, tokenPrincipal } from "./credentials";
import type { ApiTokenWithOwner } from "../persistence/repos/api-tokens";
import type { SessionWithUser } from "../persistence/repos/sessions";

const owner = { id: "u1", username: "ada", role: "operator" as const, disabled: false };
const token = (patch: Partial<ApiTokenWithOwner> = {}): ApiTokenWithOwner => ({
  id: "t1",
  name: "ci",
  tokenHash: "h",
  prefix: "bwt_ab",
  role: "admin",
  createdBy: "ada",
  ownerId: "u1",
  createdAt: new Date(0),
  lastUsedAt: null,
  revokedAt: null,
  owner,
  ...patch,
});
const session = (patch: Partial<SessionWithUser> = {}): SessionWithUser => ({
  id: "s1",
  expiresAt: new Date(10_000),
  revokedAt: null,
  user: owner,
  ...patch,
});

describe("credentials", () => {
  it("minRole picks the lower role", () => {
    expect(minRole("admin", "operator")).toBe("operator");
    expect(minRole("viewer", "admin")).toBe("viewer");
    expect(minRole("operator", "operator")).toBe("operator");
  });

  it("a token acts for its owner with at most the owner's role", () => {
    expect(tokenPrincipal(token())).toEqual({ username: "token:ci", role: "operator", via: "token", tokenId: "t1", userId: "u1" });
    expect(tokenPrincipal(token({ role: "viewer" }))?.role).toBe("viewer");
  });

  it("a token is dead when revoked, ownerless or its owner is disabled", () => {
    expect(tokenPrincipal(null)).toBeNull();
    expect(tokenPrincipal(token({ revokedAt: new Date(1) }))).toBeNull();
    expect(tokenPrincipal(token({ owner: null, ownerId: null }))).toBeNull();
    expect(tokenPrincipal(token({ owner: { ...owner, disabled: true } }))).toBeNull();
  });

  it("a session works until it expires, is revoked or its user is disabled, and carries its expiry", () => {
    expect(sessionPrincipal(session(), 9_999)).toMatchObject({ username: "ada", role: "operator", sessionId: "s1", expiresAt: 10_000 });
    expect(sessionPrincipal(session(), 10_000)).toBeNull();
    expect(sessionPrincipal(session({ revokedAt: new Date(1) }), 0)).toBeNull();
    expect(sessionPrincipal(session({ user: { ...owner, disabled: true } }), 0)).toBeNull();
  });

  it("names the credential behind a principal", () => {
    expect(credentialKey(sessionPrincipal(session(), 0)!)).toBe("session:s1");
    expect(credentialKey(tokenPrincipal(token())!)).toBe("token:t1");
  });
});
