-- AlterTable
ALTER TABLE "ConsentRequest" ADD COLUMN "expectedPersonalNumber" TEXT;
ALTER TABLE "ConsentRequest" ADD COLUMN "signerCheck" TEXT;
ALTER TABLE "ConsentRequest" ADD COLUMN "correction" JSONB;
