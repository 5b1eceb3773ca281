-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "ownerId" TEXT;

-- DropTable
DROP TABLE "LoginFailure";

-- CreateTable
CREATE TABLE "LoginAttempt" (
    "key" TEXT NOT NULL,
    "windowStart" BIGINT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "LoginAttempt_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "LoginAttempt_windowStart_idx" ON "LoginAttempt"("windowStart");

-- CreateIndex
CREATE INDEX "ApiToken_ownerId_idx" ON "ApiToken"("ownerId");

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- Existing tokens act for the user who created them (tokens created by a token, "token:<name>",
-- have no resolvable owner and stop working: mint them again).
UPDATE "ApiToken" SET "ownerId" = (SELECT "id" FROM "User" WHERE "User"."username" = "ApiToken"."createdBy") WHERE "ownerId" IS NULL;
