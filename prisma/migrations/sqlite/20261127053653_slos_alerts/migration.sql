-- CreateTable
CREATE TABLE "Slo" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "definition" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SloBucket" (
    "sloId" TEXT NOT NULL,
    "instance" TEXT NOT NULL,
    "resolution" TEXT NOT NULL,
    "start" DATETIME NOT NULL,
    "good" INTEGER NOT NULL,
    "total" INTEGER NOT NULL,

    PRIMARY KEY ("sloId", "instance", "resolution", "start")
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "fingerprint" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "labels" TEXT NOT NULL,
    "annotations" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME,
    "acknowledgedBy" TEXT,
    "acknowledgedAt" DATETIME,
    "resolvedBy" TEXT,
    "silenced" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "AlertNote" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "alertId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "author" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "comment" TEXT,
    CONSTRAINT "AlertNote_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alert" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Silence" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "matchers" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    "comment" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Notifier" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "config" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "NotificationDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "notifierId" TEXT NOT NULL,
    "alertId" TEXT,
    "status" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "httpStatus" INTEGER,
    "error" TEXT,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Slo_service_idx" ON "Slo"("service");

-- CreateIndex
CREATE INDEX "SloBucket_sloId_start_idx" ON "SloBucket"("sloId", "start");

-- CreateIndex
CREATE INDEX "Alert_status_startsAt_idx" ON "Alert"("status", "startsAt");

-- CreateIndex
CREATE INDEX "Alert_fingerprint_status_idx" ON "Alert"("fingerprint", "status");

-- CreateIndex
CREATE INDEX "Alert_startsAt_idx" ON "Alert"("startsAt");

-- CreateIndex
CREATE INDEX "AlertNote_alertId_at_idx" ON "AlertNote"("alertId", "at");

-- CreateIndex
CREATE INDEX "Silence_endsAt_idx" ON "Silence"("endsAt");

-- CreateIndex
CREATE UNIQUE INDEX "Notifier_name_key" ON "Notifier"("name");

-- CreateIndex
CREATE INDEX "NotificationDelivery_notifierId_at_idx" ON "NotificationDelivery"("notifierId", "at");

-- CreateIndex
CREATE INDEX "NotificationDelivery_at_idx" ON "NotificationDelivery"("at");

