-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN "accessibilityEmail" TEXT;
ALTER TABLE "Tenant" ADD COLUMN "accessibilityUrl" TEXT;
