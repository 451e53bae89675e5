-- AlterTable
ALTER TABLE "Session" ADD COLUMN "client" TEXT NOT NULL DEFAULT 'dashboard';
