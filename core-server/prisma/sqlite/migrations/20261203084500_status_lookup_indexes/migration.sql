-- CreateIndex
CREATE INDEX "Asset_tenantId_id_idx" ON "Asset"("tenantId", "id");

-- CreateIndex
CREATE INDEX "Person_tenantId_id_idx" ON "Person"("tenantId", "id");
