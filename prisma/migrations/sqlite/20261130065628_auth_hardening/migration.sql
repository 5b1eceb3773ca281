-- DropIndex
DROP INDEX "LoginFailure_key_at_idx";

-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "LoginFailure";
PRAGMA foreign_keys=on;

-- CreateTable
CREATE TABLE "LoginAttempt" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "windowStart" BIGINT NOT NULL,
    "count" INTEGER NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ApiToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "ownerId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME,
    CONSTRAINT "ApiToken_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_ApiToken" ("createdAt", "createdBy", "id", "lastUsedAt", "name", "prefix", "revokedAt", "role", "tokenHash") SELECT "createdAt", "createdBy", "id", "lastUsedAt", "name", "prefix", "revokedAt", "role", "tokenHash" FROM "ApiToken";
DROP TABLE "ApiToken";
ALTER TABLE "new_ApiToken" RENAME TO "ApiToken";
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");
CREATE INDEX "ApiToken_ownerId_idx" ON "ApiToken"("ownerId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "LoginAttempt_windowStart_idx" ON "LoginAttempt"("windowStart");


-- Existing tokens act for the user who created them (tokens created by a token, "token:<name>",
-- have no resolvable owner and stop working: mint them again).
UPDATE "ApiToken" SET "ownerId" = (SELECT "id" FROM "User" WHERE "User"."username" = "ApiToken"."createdBy") WHERE "ownerId" IS NULL;
