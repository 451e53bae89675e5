-- CreateTable
CREATE TABLE "ConsentSettings" (
    "tenantId" TEXT NOT NULL,
    "twilioAccountSid" TEXT,
    "twilioAuthToken" TEXT,
    "twilioFrom" TEXT,
    "linkValidityDays" INTEGER NOT NULL DEFAULT 14,
    "reminderAfterDays" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConsentSettings_pkey" PRIMARY KEY ("tenantId")
);

-- CreateTable
CREATE TABLE "ConsentTemplate" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "latestVersion" INTEGER NOT NULL DEFAULT 1,
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConsentTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentTemplateVersion" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "purpose" TEXT NOT NULL,
    "content" JSONB NOT NULL,
    "validityDays" INTEGER,
    "channels" JSONB NOT NULL,
    "methods" JSONB NOT NULL,
    "editableText" BOOLEAN NOT NULL DEFAULT false,
    "editableFields" JSONB NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsentTemplateVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentBatch" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "name" TEXT,
    "total" INTEGER NOT NULL,
    "skipped" JSONB NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsentBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentRequest" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "templateVersionId" TEXT NOT NULL,
    "batchId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'created',
    "recipient" TEXT NOT NULL DEFAULT 'subject',
    "via" JSONB NOT NULL,
    "phone" TEXT,
    "email" TEXT,
    "content" JSONB NOT NULL,
    "channels" JSONB NOT NULL,
    "validityDays" INTEGER,
    "validUntil" TIMESTAMP(3),
    "assetIds" JSONB NOT NULL,
    "session" TEXT,
    "sessionDate" TIMESTAMP(3),
    "baseUrl" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "remindAt" TIMESTAMP(3),
    "reminders" INTEGER NOT NULL DEFAULT 0,
    "sentAt" TIMESTAMP(3),
    "deliveredAt" TIMESTAMP(3),
    "openedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),
    "signerDetails" JSONB,
    "declineReason" TEXT,
    "lastError" TEXT,
    "agreementId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConsentRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentToken" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsentToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentMessage" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "requestId" TEXT,
    "kind" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT,
    "body" TEXT NOT NULL,
    "provider" TEXT,
    "providerId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConsentMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentOtp" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "destination" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lockedAt" TIMESTAMP(3),
    "verifiedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsentOtp_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentBankIdOrder" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "orderRef" TEXT NOT NULL,
    "autoStartToken" TEXT NOT NULL,
    "qrStartToken" TEXT NOT NULL,
    "qrStartSecret" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "hintCode" TEXT,
    "locale" TEXT NOT NULL,
    "textHash" TEXT NOT NULL,
    "ip" TEXT,
    "userAgent" TEXT,
    "lastCollectAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsentBankIdOrder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentEvidence" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "agreementId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "templateVersionId" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "sealHash" TEXT NOT NULL,
    "receipt" BYTEA NOT NULL,
    "receiptSha256" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsentEvidence_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ConsentTemplate_tenantId_idx" ON "ConsentTemplate"("tenantId");

-- CreateIndex
CREATE INDEX "ConsentTemplateVersion_tenantId_idx" ON "ConsentTemplateVersion"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentTemplateVersion_templateId_version_key" ON "ConsentTemplateVersion"("templateId", "version");

-- CreateIndex
CREATE INDEX "ConsentBatch_tenantId_createdAt_idx" ON "ConsentBatch"("tenantId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentRequest_agreementId_key" ON "ConsentRequest"("agreementId");

-- CreateIndex
CREATE INDEX "ConsentRequest_tenantId_createdAt_idx" ON "ConsentRequest"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ConsentRequest_tenantId_personId_idx" ON "ConsentRequest"("tenantId", "personId");

-- CreateIndex
CREATE INDEX "ConsentRequest_batchId_idx" ON "ConsentRequest"("batchId");

-- CreateIndex
CREATE INDEX "ConsentRequest_status_remindAt_idx" ON "ConsentRequest"("status", "remindAt");

-- CreateIndex
CREATE INDEX "ConsentRequest_status_expiresAt_idx" ON "ConsentRequest"("status", "expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentToken_tokenHash_key" ON "ConsentToken"("tokenHash");

-- CreateIndex
CREATE INDEX "ConsentToken_requestId_idx" ON "ConsentToken"("requestId");

-- CreateIndex
CREATE INDEX "ConsentMessage_tenantId_createdAt_idx" ON "ConsentMessage"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ConsentMessage_status_createdAt_idx" ON "ConsentMessage"("status", "createdAt");

-- CreateIndex
CREATE INDEX "ConsentOtp_requestId_createdAt_idx" ON "ConsentOtp"("requestId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentBankIdOrder_orderRef_key" ON "ConsentBankIdOrder"("orderRef");

-- CreateIndex
CREATE INDEX "ConsentBankIdOrder_requestId_idx" ON "ConsentBankIdOrder"("requestId");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentEvidence_agreementId_key" ON "ConsentEvidence"("agreementId");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentEvidence_requestId_key" ON "ConsentEvidence"("requestId");

-- CreateIndex
CREATE INDEX "ConsentEvidence_tenantId_idx" ON "ConsentEvidence"("tenantId");

-- AddForeignKey
ALTER TABLE "ConsentSettings" ADD CONSTRAINT "ConsentSettings_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentTemplate" ADD CONSTRAINT "ConsentTemplate_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentTemplateVersion" ADD CONSTRAINT "ConsentTemplateVersion_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentTemplateVersion" ADD CONSTRAINT "ConsentTemplateVersion_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "ConsentTemplate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentBatch" ADD CONSTRAINT "ConsentBatch_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentRequest" ADD CONSTRAINT "ConsentRequest_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentRequest" ADD CONSTRAINT "ConsentRequest_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentRequest" ADD CONSTRAINT "ConsentRequest_templateVersionId_fkey" FOREIGN KEY ("templateVersionId") REFERENCES "ConsentTemplateVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentRequest" ADD CONSTRAINT "ConsentRequest_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "ConsentBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentToken" ADD CONSTRAINT "ConsentToken_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentToken" ADD CONSTRAINT "ConsentToken_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "ConsentRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentMessage" ADD CONSTRAINT "ConsentMessage_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentMessage" ADD CONSTRAINT "ConsentMessage_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "ConsentRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentOtp" ADD CONSTRAINT "ConsentOtp_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentOtp" ADD CONSTRAINT "ConsentOtp_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "ConsentRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentBankIdOrder" ADD CONSTRAINT "ConsentBankIdOrder_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentBankIdOrder" ADD CONSTRAINT "ConsentBankIdOrder_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "ConsentRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentEvidence" ADD CONSTRAINT "ConsentEvidence_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentEvidence" ADD CONSTRAINT "ConsentEvidence_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement"("id") ON DELETE CASCADE ON UPDATE CASCADE;
