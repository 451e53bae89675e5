-- CreateTable
CREATE TABLE "SubjectExport" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "locale" TEXT NOT NULL,
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "storageKey" TEXT,
    "size" INTEGER,
    "error" TEXT,
    "requestedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SubjectExport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SubjectExport_tenantId_personId_idx" ON "SubjectExport"("tenantId", "personId");

-- CreateIndex
CREATE INDEX "SubjectExport_expiresAt_idx" ON "SubjectExport"("expiresAt");

-- AddForeignKey
ALTER TABLE "SubjectExport" ADD CONSTRAINT "SubjectExport_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubjectExport" ADD CONSTRAINT "SubjectExport_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

