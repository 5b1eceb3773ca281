// The persistence layer: the only place that talks to Prisma.
import type { DatabaseConfig } from "../config";
import { createDb, type Db } from "./client";
import { createApiTokensRepo } from "./repos/api-tokens";
import { createAuditRepo } from "./repos/audit";
import { createLoginAttemptsRepo } from "./repos/login-attempts";
import { createSessionsRepo } from "./repos/sessions";
import { createUsersRepo } from "./repos/users";
import { createServicesRepo } from "./repos/services";
import { createBreakerHistoryRepo } from "./repos/breaker-history";
import { createAlertsRepo } from "./repos/alerts";
import { createSlosRepo } from "./repos/slos";
import { createHealthRepo } from "./repos/health";
import { createExperimentsRepo } from "./repos/experiments";

export function createPersistence(database: DatabaseConfig) {
  const db: Db = createDb(database);
  return {
    provider: database.provider,
    users: createUsersRepo(db),
    sessions: createSessionsRepo(db),
    apiTokens: createApiTokensRepo(db),
    audit: createAuditRepo(db),
    loginAttempts: createLoginAttemptsRepo(db),
    services: createServicesRepo(db),
    breakerHistory: createBreakerHistoryRepo(db),
    alerts: createAlertsRepo(db),
    slos: createSlosRepo(db),
    health: createHealthRepo(db),
    experiments: createExperimentsRepo(db),
    async ping(): Promise<void> {
      await db.$queryRawUnsafe("SELECT 1");
    },
    async close(): Promise<void> {
      await db.$disconnect();
    },
  };
}
export type Persistence = ReturnType<typeof createPersistence>;
