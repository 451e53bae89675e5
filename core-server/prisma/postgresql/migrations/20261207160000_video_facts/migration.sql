-- AlterTable
ALTER TABLE "Asset" ADD COLUMN     "durationMs" INTEGER,
ADD COLUMN     "codec" TEXT;

-- AlterTable: face tracks in videos
ALTER TABLE "AssetBox" ADD COLUMN     "endMs" INTEGER,
ADD COLUMN     "frameMs" INTEGER,
ADD COLUMN     "startMs" INTEGER;
