-- AlterTable
ALTER TABLE "attachments" ADD COLUMN     "thumbnail" BYTEA;
