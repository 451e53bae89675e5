-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "faceMatchMinors" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "faceMatchThreshold" DOUBLE PRECISION NOT NULL DEFAULT 0.63,
ADD COLUMN     "faceMinScore" DOUBLE PRECISION NOT NULL DEFAULT 0.5,
ADD COLUMN     "faceMinSizePx" INTEGER NOT NULL DEFAULT 40;

-- CreateTable
CREATE TABLE "FaceEmbedding" (
    "boxId" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "assetId" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "sizePx" INTEGER NOT NULL,
    "vector" BYTEA NOT NULL,
    "model" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FaceEmbedding_pkey" PRIMARY KEY ("boxId")
);

-- CreateTable
CREATE TABLE "FaceSuggestion" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "boxId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FaceSuggestion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FaceScan" (
    "assetId" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "faces" INTEGER NOT NULL DEFAULT 0,
    "model" TEXT NOT NULL,
    "error" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FaceScan_pkey" PRIMARY KEY ("assetId")
);

-- CreateTable
CREATE TABLE "FaceJob" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "force" BOOLEAN NOT NULL DEFAULT false,
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "FaceJob_pkey" PRIMARY KEY ("id")
);

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

-- AddForeignKey
ALTER TABLE "FaceEmbedding" ADD CONSTRAINT "FaceEmbedding_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FaceEmbedding" ADD CONSTRAINT "FaceEmbedding_boxId_fkey" FOREIGN KEY ("boxId") REFERENCES "AssetBox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FaceSuggestion" ADD CONSTRAINT "FaceSuggestion_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FaceSuggestion" ADD CONSTRAINT "FaceSuggestion_boxId_fkey" FOREIGN KEY ("boxId") REFERENCES "AssetBox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FaceSuggestion" ADD CONSTRAINT "FaceSuggestion_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FaceScan" ADD CONSTRAINT "FaceScan_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FaceScan" ADD CONSTRAINT "FaceScan_assetId_fkey" FOREIGN KEY ("assetId") REFERENCES "Asset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FaceJob" ADD CONSTRAINT "FaceJob_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
