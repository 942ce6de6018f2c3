-- AlterTable
ALTER TABLE "self_help_sessions" ADD COLUMN     "client_hash" TEXT;
