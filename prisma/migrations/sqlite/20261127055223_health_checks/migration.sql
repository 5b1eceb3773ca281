-- CreateTable
CREATE TABLE "HealthCheck" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "service" TEXT NOT NULL,
    "protocol" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "intervalMs" INTEGER NOT NULL,
    "timeoutMs" INTEGER NOT NULL,
    "healthyThreshold" INTEGER NOT NULL,
    "unhealthyThreshold" INTEGER NOT NULL,
    "options" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "HealthMinute" (
    "checkId" TEXT NOT NULL,
    "instance" TEXT NOT NULL,
    "minute" DATETIME NOT NULL,
    "up" INTEGER NOT NULL,
    "down" INTEGER NOT NULL,
    "p50" REAL,
    "p95" REAL,
    "max" REAL,

    PRIMARY KEY ("checkId", "instance", "minute")
);

-- CreateIndex
CREATE INDEX "HealthCheck_service_idx" ON "HealthCheck"("service");

-- CreateIndex
CREATE INDEX "HealthMinute_checkId_minute_idx" ON "HealthMinute"("checkId", "minute");

