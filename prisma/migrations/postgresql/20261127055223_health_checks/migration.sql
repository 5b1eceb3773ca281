-- CreateTable
CREATE TABLE "HealthCheck" (
    "id" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "protocol" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "intervalMs" INTEGER NOT NULL,
    "timeoutMs" INTEGER NOT NULL,
    "healthyThreshold" INTEGER NOT NULL,
    "unhealthyThreshold" INTEGER NOT NULL,
    "options" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HealthCheck_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HealthMinute" (
    "checkId" TEXT NOT NULL,
    "instance" TEXT NOT NULL,
    "minute" TIMESTAMP(3) NOT NULL,
    "up" INTEGER NOT NULL,
    "down" INTEGER NOT NULL,
    "p50" DOUBLE PRECISION,
    "p95" DOUBLE PRECISION,
    "max" DOUBLE PRECISION,

    CONSTRAINT "HealthMinute_pkey" PRIMARY KEY ("checkId","instance","minute")
);

-- CreateIndex
CREATE INDEX "HealthCheck_service_idx" ON "HealthCheck"("service");

-- CreateIndex
CREATE INDEX "HealthMinute_checkId_minute_idx" ON "HealthMinute"("checkId", "minute");

