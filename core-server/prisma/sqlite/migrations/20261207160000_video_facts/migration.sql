-- AlterTable (added at the end: no table rebuild for nullable columns)
ALTER TABLE "Asset" ADD COLUMN "durationMs" INTEGER;
ALTER TABLE "Asset" ADD COLUMN "codec" TEXT;

-- AlterTable: face tracks in videos
ALTER TABLE "AssetBox" ADD COLUMN "startMs" INTEGER;
ALTER TABLE "AssetBox" ADD COLUMN "endMs" INTEGER;
ALTER TABLE "AssetBox" ADD COLUMN "frameMs" INTEGER;
