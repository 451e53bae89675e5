-- CreateTable
CREATE TABLE "AssetFingerprint" (
    "assetId" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "phash" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AssetFingerprint_pkey" PRIMARY KEY ("assetId")
);

-- CreateIndex
CREATE INDEX "AssetFingerprint_tenantId_idx" ON "AssetFingerprint"("tenantId");

-- AddForeignKey
ALTER TABLE "AssetFingerprint" ADD CONSTRAINT "AssetFingerprint_assetId_fkey" FOREIGN KEY ("assetId") REFERENCES "Asset"("id") ON DELETE CASCADE ON UPDATE CASCADE;
