import { createHash, randomBytes } from "node:crypto";

/** Session and API token secrets are random; only their SHA-256 is stored. */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

export function sha256(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export const SESSION_COOKIE = "bw_session";
export const API_TOKEN_PREFIX = "bwt_";
