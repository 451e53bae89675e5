-- DropIndex
DROP INDEX "AssetStatusState_tenantId_idx";

-- CreateIndex
CREATE INDEX "AssetStatusState_tenantId_channel_status_idx" ON "AssetStatusState"("tenantId", "channel", "status");

-- CreateIndex
CREATE INDEX "Agreement_personId_idx" ON "Agreement"("personId");

-- CreateIndex
CREATE INDEX "AssetBox_assetId_idx" ON "AssetBox"("assetId");

-- CreateIndex
CREATE INDEX "Agreement_tenantId_withdrawnAt_idx" ON "Agreement"("tenantId", "withdrawnAt");
