-- CreateTable
CREATE TABLE "Service" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "config" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "BreakerState" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "state" TEXT NOT NULL,
    "snapshot" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "BreakerTransition" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "actor" TEXT,
    "at" DATETIME NOT NULL,
    "detail" TEXT
);

-- CreateTable
CREATE TABLE "BreakerSample" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "state" TEXT NOT NULL,
    "successful" INTEGER NOT NULL,
    "failed" INTEGER NOT NULL,
    "slow" INTEGER NOT NULL,
    "rejected" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "BulkheadSample" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "service" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "maxActive" INTEGER NOT NULL,
    "maxQueued" INTEGER NOT NULL,
    "rejected" INTEGER NOT NULL,
    "maxConcurrent" INTEGER NOT NULL,
    "maxQueue" INTEGER NOT NULL
);

-- CreateIndex
CREATE INDEX "BreakerTransition_name_at_idx" ON "BreakerTransition"("name", "at");

-- CreateIndex
CREATE INDEX "BreakerTransition_at_idx" ON "BreakerTransition"("at");

-- CreateIndex
CREATE INDEX "BreakerSample_name_at_idx" ON "BreakerSample"("name", "at");

-- CreateIndex
CREATE INDEX "BreakerSample_at_idx" ON "BreakerSample"("at");

-- CreateIndex
CREATE INDEX "BulkheadSample_service_at_idx" ON "BulkheadSample"("service", "at");

-- CreateIndex
CREATE INDEX "BulkheadSample_at_idx" ON "BulkheadSample"("at");

