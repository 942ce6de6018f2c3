-- CreateEnum
CREATE TYPE "SelfHelpEntry" AS ENUM ('FLOW', 'SUGGESTION');

-- AlterTable
ALTER TABLE "self_help_sessions" ADD COLUMN     "entry" "SelfHelpEntry" NOT NULL DEFAULT 'FLOW';
