-- CreateTable: the organisation's own roles
CREATE TABLE "CustomRole" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "permissions" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "CustomRole_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "CustomRole_tenantId_name_key" ON "CustomRole"("tenantId", "name");

-- Permissions split out of broader ones: existing API keys keep what they could do.
UPDATE "ApiKey" SET "scopes" = json_insert("scopes", '$[#]', 'requests:send')
  WHERE EXISTS (SELECT 1 FROM json_each("scopes") WHERE value = 'persons:write');
UPDATE "ApiKey" SET "scopes" = json_insert("scopes", '$[#]', 'templates:manage')
  WHERE EXISTS (SELECT 1 FROM json_each("scopes") WHERE value = 'settings:write');
UPDATE "ApiKey" SET "scopes" = json_insert("scopes", '$[#]', 'faces:review')
  WHERE EXISTS (SELECT 1 FROM json_each("scopes") WHERE value = 'assets:write');
