import type { Role } from "@/lib/contracts/roles";

/** Who is making a request. */
export interface Principal {
  username: string;
  role: Role;
  via: "session" | "token";
  userId?: string;
  sessionId?: string;
  tokenId?: string;
}
