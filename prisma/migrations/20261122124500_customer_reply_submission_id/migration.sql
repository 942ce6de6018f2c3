-- AlterTable
ALTER TABLE "messages" ADD COLUMN     "submission_id" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "messages_ticket_id_submission_id_key" ON "messages"("ticket_id", "submission_id");
