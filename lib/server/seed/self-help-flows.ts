import "server-only";
import type { PrismaClient } from "@/generated/prisma/client.ts";
import { writeFlowSteps } from "@/lib/server/self-help/content.ts";
import type { SelfHelpFlow } from "@/lib/self-help/types.ts";
import { TICKET_CATEGORIES, type TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";
import { accountFlow } from "./self-help/account.ts";
import { emailFlow } from "./self-help/email.ts";
import { smsFlow } from "./self-help/sms.ts";
import { twoFaFlow } from "./self-help/two-fa.ts";

/**
 * The self-help flows a new installation starts with (the facts of the seed articles, in both
 * languages), loaded as revision 1 of each category. From then on the support team edits them
 * in the product; these modules are not read again.
 */
export const SEED_FLOWS: Record<TicketCategoryCode, SelfHelpFlow> = {
  EMAIL: emailFlow,
  TWO_FA: twoFaFlow,
  SMS: smsFlow,
  ACCOUNT: accountFlow,
};

// Several instances may start on one fresh database at once; only one loads the flows.
const SEED_LOCK_KEY = 5_170_019;

/**
 * Gives every category without content its seed flow as published revision 1, and attributes
 * the steps sessions recorded before revisions existed to it (their text was this one). Runs at
 * every start and migration; a category that has content is left alone. Returns the categories
 * loaded now.
 */
export async function seedSelfHelpContent(db: PrismaClient, now = new Date()): Promise<TicketCategoryCode[]> {
  const existing = new Set((await db.selfHelpFlow.findMany({ select: { category: true } })).map((row) => row.category));
  if (TICKET_CATEGORIES.every((category) => existing.has(category))) return [];
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`;
    const present = new Set((await tx.selfHelpFlow.findMany({ select: { category: true } })).map((row) => row.category));
    const loaded: TicketCategoryCode[] = [];
    for (const category of TICKET_CATEGORIES.filter((candidate) => !present.has(candidate))) {
      const flow = SEED_FLOWS[category];
      await tx.selfHelpFlow.create({ data: { category } });
      const revision = await tx.selfHelpRevision.create({
        data: { category, number: 1, state: "PUBLISHED", firstStep: flow.firstStep, createdAt: now, updatedAt: now, publishedAt: now },
        select: { id: true },
      });
      await writeFlowSteps(tx, revision.id, flow);
      await tx.selfHelpFlow.update({ where: { category }, data: { publishedRevisionId: revision.id } });
      await tx.$executeRaw`
        UPDATE self_help_steps st SET revision_id = ${revision.id}::uuid
        FROM self_help_sessions s
        WHERE st.session_id = s.id AND s.category::text = ${category} AND st.revision_id IS NULL`;
      loaded.push(category);
    }
    return loaded;
  });
}
