-- CreateTable
CREATE TABLE "Service" (
    "name" TEXT NOT NULL,
    "config" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Service_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "BreakerState" (
    "name" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "snapshot" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BreakerState_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "BreakerTransition" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "actor" TEXT,
    "at" TIMESTAMP(3) NOT NULL,
    "detail" TEXT,

    CONSTRAINT "BreakerTransition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BreakerSample" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "state" TEXT NOT NULL,
    "successful" INTEGER NOT NULL,
    "failed" INTEGER NOT NULL,
    "slow" INTEGER NOT NULL,
    "rejected" INTEGER NOT NULL,

    CONSTRAINT "BreakerSample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BulkheadSample" (
    "id" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "maxActive" INTEGER NOT NULL,
    "maxQueued" INTEGER NOT NULL,
    "rejected" INTEGER NOT NULL,
    "maxConcurrent" INTEGER NOT NULL,
    "maxQueue" INTEGER NOT NULL,

    CONSTRAINT "BulkheadSample_pkey" PRIMARY KEY ("id")
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

