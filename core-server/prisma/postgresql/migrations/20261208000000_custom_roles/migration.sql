-- CreateTable: the organisation's own roles
CREATE TABLE "CustomRole" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "permissions" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomRole_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "CustomRole_tenantId_name_key" ON "CustomRole"("tenantId", "name");
ALTER TABLE "CustomRole" ADD CONSTRAINT "CustomRole_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Permissions split out of broader ones: existing API keys keep what they could do.
UPDATE "ApiKey" SET "scopes" = "scopes" || '["requests:send"]'::jsonb WHERE "scopes" ? 'persons:write';
UPDATE "ApiKey" SET "scopes" = "scopes" || '["templates:manage"]'::jsonb WHERE "scopes" ? 'settings:write';
UPDATE "ApiKey" SET "scopes" = "scopes" || '["faces:review"]'::jsonb WHERE "scopes" ? 'assets:write';
