-- AlterTable (added at the end: no table rebuild for a new column with a default)
ALTER TABLE "Tenant" ADD COLUMN "downloadNeedsUsage" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Tenant" ADD COLUMN "deliveryChannels" JSONB NOT NULL DEFAULT '[]';

-- AlterTable: every existing file gets its random public id (new ones get theirs from the server)
ALTER TABLE "Asset" ADD COLUMN "publicId" TEXT;
UPDATE "Asset" SET "publicId" = lower(hex(randomblob(16))) WHERE "publicId" IS NULL;

-- CreateIndex
CREATE INDEX "Person_tenantId_birthDate_idx" ON "Person"("tenantId", "birthDate");

-- CreateIndex
CREATE INDEX "Agreement_tenantId_validFrom_idx" ON "Agreement"("tenantId", "validFrom");

-- CreateIndex
CREATE UNIQUE INDEX "Asset_publicId_key" ON "Asset"("publicId");
