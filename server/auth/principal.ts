import type { Role } from "@/lib/contracts/roles";

/** Who is making a request. */
export interface Principal {
  username: string;
  role: Role;
  via: "session" | "token";
  /** The user (for a token: its owner). */
  userId?: string;
  sessionId?: string;
  tokenId?: string;
  /** When the session expires (epoch ms); sessions only. */
  expiresAt?: number;
}
