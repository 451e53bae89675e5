-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "accessibilityEmail" TEXT,
ADD COLUMN     "accessibilityUrl" TEXT;
