// The process-wide runtime: created once by server/index.ts and kept on globalThis, because Next.js
// bundles route handlers separately and they must reach the same instance (see server/runtime-access.ts).
import type { AppConfig } from "./config";
import type { Logger } from "./logger";
import { createPersistence, type Persistence } from "./persistence";
import { createAuditRecorder, type AuditRecorder } from "./audit";
import { createAuthService, type AuthService } from "./auth/service";
import { createEventBus, type EventBus } from "./events";

export interface Runtime {
  config: AppConfig;
  log: Logger;
  persistence: Persistence;
  audit: AuditRecorder;
  auth: AuthService;
  events: EventBus;
  startedAt: Date;
  close(): Promise<void>;
}

export function createRuntime(config: AppConfig, log: Logger): Runtime {
  const persistence = createPersistence(config.database);
  const events = createEventBus();
  const audit = createAuditRecorder(persistence.audit, (entry) =>
    events.emit("audit:entry", { ...entry, at: new Date().toISOString() }),
  );
  const auth = createAuthService(persistence, audit, {
    sessionTtlMs: config.sessionTtlMs,
    onSessionRevoked: (sessionId) => events.emit("session:revoked", { sessionId }),
    onUserSessionsRevoked: (userId) => events.emit("user:sessions_revoked", { userId }),
  });
  // Housekeeping: expired sessions and old login failures are removed hourly.
  const housekeeping = setInterval(() => {
    const now = Date.now();
    persistence.sessions.deleteExpired(new Date(now)).catch((err: unknown) => log.warn({ err }, "session clean-up failed"));
    persistence.loginFailures.prune(new Date(now - 24 * 3_600_000)).catch((err: unknown) => log.warn({ err }, "login-failure clean-up failed"));
  }, 3_600_000);
  housekeeping.unref();

  const runtime: Runtime = {
    config,
    log,
    persistence,
    audit,
    auth,
    events,
    startedAt: new Date(),
    async close() {
      clearInterval(housekeeping);
      await persistence.close();
    },
  };
  return runtime;
}

declare global {
  var __breakwaterRuntime: Runtime | undefined;
}

export function installRuntime(runtime: Runtime): void {
  globalThis.__breakwaterRuntime = runtime;
}
