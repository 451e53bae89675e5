-- AlterTable
ALTER TABLE "Asset" ADD COLUMN     "durationMs" INTEGER,
ADD COLUMN     "codec" TEXT;
