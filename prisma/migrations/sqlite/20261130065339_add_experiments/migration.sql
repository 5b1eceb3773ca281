-- CreateTable
CREATE TABLE "Experiment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "definition" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startAt" DATETIME,
    "startedAt" DATETIME,
    "endedAt" DATETIME,
    "stopReason" TEXT,
    "observed" TEXT,
    "hypothesisResult" TEXT,
    "instanceId" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Experiment_status_createdAt_idx" ON "Experiment"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Experiment_service_status_idx" ON "Experiment"("service", "status");

-- CreateIndex
CREATE INDEX "Experiment_instanceId_status_idx" ON "Experiment"("instanceId", "status");

-- CreateIndex
CREATE INDEX "Experiment_createdAt_idx" ON "Experiment"("createdAt");

