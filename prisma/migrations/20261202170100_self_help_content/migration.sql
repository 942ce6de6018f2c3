-- CreateEnum
CREATE TYPE "SelfHelpRevisionState" AS ENUM ('DRAFT', 'PUBLISHED');

-- AlterTable
ALTER TABLE "self_help_steps" ADD COLUMN     "revision_id" UUID;

-- CreateTable
CREATE TABLE "self_help_flows" (
    "category" "TicketCategory" NOT NULL,
    "published_revision_id" UUID,

    CONSTRAINT "self_help_flows_pkey" PRIMARY KEY ("category")
);

-- CreateTable
CREATE TABLE "self_help_revisions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "category" "TicketCategory" NOT NULL,
    "number" INTEGER NOT NULL,
    "state" "SelfHelpRevisionState" NOT NULL DEFAULT 'DRAFT',
    "first_step" TEXT NOT NULL,
    "based_on_id" UUID,
    "note" TEXT,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by_id" UUID,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_by_id" UUID,
    "published_at" TIMESTAMPTZ(3),

    CONSTRAINT "self_help_revisions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "self_help_content_steps" (
    "revision_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "title_ja" TEXT NOT NULL,
    "title_en" TEXT NOT NULL,
    "body_ja" TEXT[],
    "body_en" TEXT[],
    "checklist_ja" TEXT[],
    "checklist_en" TEXT[],
    "tool" TEXT,
    "urgent" BOOLEAN NOT NULL DEFAULT false,
    "ja_needs_update" BOOLEAN NOT NULL DEFAULT false,
    "en_needs_update" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "self_help_content_steps_pkey" PRIMARY KEY ("revision_id","key")
);

-- CreateTable
CREATE TABLE "self_help_content_answers" (
    "revision_id" UUID NOT NULL,
    "step_key" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "value" TEXT NOT NULL,
    "label_ja" TEXT NOT NULL,
    "label_en" TEXT NOT NULL,
    "next" TEXT,
    "prefill" JSONB,

    CONSTRAINT "self_help_content_answers_pkey" PRIMARY KEY ("revision_id","step_key","value")
);

-- CreateIndex
CREATE UNIQUE INDEX "self_help_flows_published_revision_id_key" ON "self_help_flows"("published_revision_id");

-- CreateIndex
CREATE UNIQUE INDEX "self_help_revisions_category_number_key" ON "self_help_revisions"("category", "number");

-- CreateIndex
CREATE INDEX "self_help_steps_revision_id_step_key_idx" ON "self_help_steps"("revision_id", "step_key");

-- AddForeignKey
ALTER TABLE "self_help_steps" ADD CONSTRAINT "self_help_steps_revision_id_fkey" FOREIGN KEY ("revision_id") REFERENCES "self_help_revisions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "self_help_flows" ADD CONSTRAINT "self_help_flows_published_revision_id_fkey" FOREIGN KEY ("published_revision_id") REFERENCES "self_help_revisions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "self_help_revisions" ADD CONSTRAINT "self_help_revisions_category_fkey" FOREIGN KEY ("category") REFERENCES "self_help_flows"("category") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "self_help_revisions" ADD CONSTRAINT "self_help_revisions_based_on_id_fkey" FOREIGN KEY ("based_on_id") REFERENCES "self_help_revisions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "self_help_revisions" ADD CONSTRAINT "self_help_revisions_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "self_help_revisions" ADD CONSTRAINT "self_help_revisions_updated_by_id_fkey" FOREIGN KEY ("updated_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "self_help_revisions" ADD CONSTRAINT "self_help_revisions_published_by_id_fkey" FOREIGN KEY ("published_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "self_help_content_steps" ADD CONSTRAINT "self_help_content_steps_revision_id_fkey" FOREIGN KEY ("revision_id") REFERENCES "self_help_revisions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "self_help_content_answers" ADD CONSTRAINT "self_help_content_answers_revision_id_step_key_fkey" FOREIGN KEY ("revision_id", "step_key") REFERENCES "self_help_content_steps"("revision_id", "key") ON DELETE CASCADE ON UPDATE CASCADE;


-- Not expressible in schema.prisma: at most one draft per category, so two editors always edit the same one.
CREATE UNIQUE INDEX "self_help_revisions_one_draft_idx" ON "self_help_revisions"("category") WHERE "state" = 'DRAFT';
