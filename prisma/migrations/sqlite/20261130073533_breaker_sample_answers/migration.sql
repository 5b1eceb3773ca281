-- AlterTable
ALTER TABLE "BreakerSample" ADD COLUMN "answers" TEXT;

