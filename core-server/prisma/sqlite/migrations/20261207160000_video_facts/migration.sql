-- AlterTable (added at the end: no table rebuild for nullable columns)
ALTER TABLE "Asset" ADD COLUMN "durationMs" INTEGER;
ALTER TABLE "Asset" ADD COLUMN "codec" TEXT;
