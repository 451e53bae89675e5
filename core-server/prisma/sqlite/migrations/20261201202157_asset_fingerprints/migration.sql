-- CreateTable
CREATE TABLE "AssetFingerprint" (
    "assetId" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "phash" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "AssetFingerprint_assetId_fkey" FOREIGN KEY ("assetId") REFERENCES "Asset" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AssetFingerprint_tenantId_idx" ON "AssetFingerprint"("tenantId");
