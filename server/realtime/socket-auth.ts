// Who may hold a Socket.IO connection, and for how long: the handshake authenticates a session
// cookie (only from this site's own origin) or a bearer token; afterwards every connection is
// closed as soon as its credential stops working — at once when the auth service announces a
// change (logout, token revocation, password, role or disabled change), and on a periodic
// re-check of every connection's credential (which also catches session expiry and changes made
// on other cluster instances).
import type { Server, Socket } from "socket.io";
import type { Runtime } from "../runtime";
import type { Principal } from "../auth/principal";
import { readBearer, readCookie } from "../auth/cookies";
import { SESSION_COOKIE } from "../auth/secrets";
import { isSameOrigin } from "../auth/origin";
import { credentialKey, type CredentialChange } from "../auth/credentials";
import { requestProto } from "../http/request-context";

export const RECHECK_INTERVAL_MS = 2_000;

export interface SocketData {
  principal: Principal;
}

const principalOf = (s: Socket): Principal => (s.data as SocketData).principal;

const refusal = (message: string, code: string) => Object.assign(new Error(message), { data: { code } });

/** True when a cookie handshake may proceed: no Origin (not a cross-site browser request) or this site's own. */
function originAllowed(rt: Runtime, socket: Socket): boolean {
  const h = socket.request.headers;
  const origin = typeof h.origin === "string" ? h.origin : undefined;
  if (!origin) return true;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null;
  return isSameOrigin(
    { origin, host: one(h.host), forwardedHost: one(h["x-forwarded-host"]), forwardedProto: one(h["x-forwarded-proto"]) },
    { publicUrl: rt.config.publicUrl, trustProxy: rt.config.trustProxy, secure: requestProto(socket.request, false) === "https" },
  );
}

/** Handshake middleware: a session cookie (same origin only) or a bearer token. */
export function authenticateHandshake(rt: Runtime) {
  return (socket: Socket, next: (err?: Error) => void) => {
    const headers = socket.request.headers;
    const authToken = typeof socket.handshake.auth?.token === "string" ? socket.handshake.auth.token : undefined;
    const bearer = authToken ?? readBearer(headers.authorization);
    // a cookie rides along with any page's request: only this site may use it (a token is never ambient)
    if (!bearer && !originAllowed(rt, socket)) return next(refusal("cross-origin connection refused", "forbidden_origin"));
    const resolve = bearer ? rt.auth.fromBearer(bearer) : rt.auth.fromSession(readCookie(headers.cookie, SESSION_COOKIE));
    resolve.then(
      (principal) => {
        if (!principal) return next(refusal("unauthorized", "unauthorized"));
        (socket.data as SocketData).principal = principal;
        next();
      },
      (err: unknown) => {
        rt.log.error({ err }, "socket handshake authentication failed");
        next(refusal("unavailable", "unavailable"));
      },
    );
  };
}

/** Rooms that name a connection's credential, so a change can close exactly those connections. */
export function joinCredentialRooms(socket: Socket): void {
  const p = principalOf(socket);
  if (p.sessionId) void socket.join(`session:${p.sessionId}`);
  if (p.tokenId) void socket.join(`token:${p.tokenId}`);
  if (p.userId) void socket.join(`user:${p.userId}`);
}

function roomFor(c: CredentialChange): string {
  if ("sessionId" in c) return `session:${c.sessionId}`;
  if ("tokenId" in c) return `token:${c.tokenId}`;
  return `user:${c.userId}`;
}

/**
 * Closes connections whose credential changed (through the cluster adapter, on every instance)
 * and re-checks every local connection each `intervalMs`. Returns a stop function.
 */
export function enforceCredentials(io: Server, rt: Runtime, intervalMs = RECHECK_INTERVAL_MS): () => void {
  const off = rt.auth.onCredentialsChanged((c) => io.in(roomFor(c)).disconnectSockets(true));
  let running = false;
  const recheck = async () => {
    if (running) return;
    running = true;
    try {
      const now = rt.clock.now();
      const live: Socket[] = [];
      for (const s of io.of("/").sockets.values()) {
        const exp = principalOf(s).expiresAt;
        if (exp !== undefined && exp <= now) s.disconnect(true);
        else live.push(s);
      }
      if (live.length === 0) return;
      const current = await rt.auth.recheck(live.map(principalOf));
      for (const s of live) {
        const was = principalOf(s);
        const is = current.get(credentialKey(was));
        // gone, or worth something else now (another role): the client reconnects to be re-scoped
        if (!is || is.role !== was.role || is.userId !== was.userId) s.disconnect(true);
      }
    } catch (err) {
      rt.log.warn({ err }, "socket credential re-check failed");
    } finally {
      running = false;
    }
  };
  const stop = rt.clock.every(intervalMs, () => void recheck());
  return () => {
    off();
    stop();
  };
}
