-- CreateTable: register imports
CREATE TABLE "PersonImport" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "fileName" TEXT NOT NULL,
    "dryRun" BOOLEAN NOT NULL,
    "skipInvalid" BOOLEAN NOT NULL,
    "mapping" JSONB NOT NULL,
    "storageKey" TEXT,
    "rows" INTEGER NOT NULL DEFAULT 0,
    "checked" INTEGER NOT NULL DEFAULT 0,
    "persons" INTEGER NOT NULL DEFAULT 0,
    "agreements" INTEGER NOT NULL DEFAULT 0,
    "invalidRows" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL,
    "errorsTruncated" BOOLEAN NOT NULL DEFAULT false,
    "error" TEXT,
    "requestedBy" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "PersonImport_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "PersonImport_tenantId_createdAt_idx" ON "PersonImport"("tenantId", "createdAt");
ALTER TABLE "PersonImport" ADD CONSTRAINT "PersonImport_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AlterTable: the import that created a person
ALTER TABLE "Person" ADD COLUMN "importId" TEXT;
CREATE INDEX "Person_tenantId_importId_idx" ON "Person"("tenantId", "importId");
