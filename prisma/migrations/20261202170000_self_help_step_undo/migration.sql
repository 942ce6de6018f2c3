-- AlterTable
ALTER TABLE "self_help_steps" ADD COLUMN     "undone_at" TIMESTAMPTZ(3);
