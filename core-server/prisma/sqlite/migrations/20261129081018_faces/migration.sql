-- CreateTable
CREATE TABLE "FaceEmbedding" (
    "boxId" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "assetId" TEXT NOT NULL,
    "score" REAL NOT NULL,
    "sizePx" INTEGER NOT NULL,
    "vector" BLOB NOT NULL,
    "model" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FaceEmbedding_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FaceEmbedding_boxId_fkey" FOREIGN KEY ("boxId") REFERENCES "AssetBox" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FaceSuggestion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "boxId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "score" REAL NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "decidedById" TEXT,
    "decidedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "FaceSuggestion_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FaceSuggestion_boxId_fkey" FOREIGN KEY ("boxId") REFERENCES "AssetBox" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FaceSuggestion_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FaceScan" (
    "assetId" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "faces" INTEGER NOT NULL DEFAULT 0,
    "model" TEXT NOT NULL,
    "error" TEXT,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "FaceScan_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FaceScan_assetId_fkey" FOREIGN KEY ("assetId") REFERENCES "Asset" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FaceJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "force" BOOLEAN NOT NULL DEFAULT false,
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    CONSTRAINT "FaceJob_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- AlterTable (added columns, not a table rebuild: other migrations may change Tenant too)
ALTER TABLE "Tenant" ADD COLUMN "faceMatchThreshold" REAL NOT NULL DEFAULT 0.63;
ALTER TABLE "Tenant" ADD COLUMN "faceMinSizePx" INTEGER NOT NULL DEFAULT 40;
ALTER TABLE "Tenant" ADD COLUMN "faceMinScore" REAL NOT NULL DEFAULT 0.5;
ALTER TABLE "Tenant" ADD COLUMN "faceMatchMinors" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "FaceEmbedding_tenantId_idx" ON "FaceEmbedding"("tenantId");

-- CreateIndex
CREATE INDEX "FaceEmbedding_assetId_idx" ON "FaceEmbedding"("assetId");

-- CreateIndex
CREATE INDEX "FaceSuggestion_tenantId_personId_idx" ON "FaceSuggestion"("tenantId", "personId");

-- CreateIndex
CREATE UNIQUE INDEX "FaceSuggestion_boxId_personId_key" ON "FaceSuggestion"("boxId", "personId");

-- CreateIndex
CREATE INDEX "FaceScan_tenantId_status_idx" ON "FaceScan"("tenantId", "status");

-- CreateIndex
CREATE INDEX "FaceJob_tenantId_createdAt_idx" ON "FaceJob"("tenantId", "createdAt");
