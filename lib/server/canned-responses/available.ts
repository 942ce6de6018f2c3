import "server-only";
import type { PrismaClient } from "@/generated/prisma/client.ts";
import { assertActiveAgent } from "@/lib/server/auth/active-agent.ts";
import type { AgentActor } from "@/lib/server/auth/session.ts";
import { prisma } from "@/lib/server/db/client.ts";
import type { LanguageCode, TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";

export type AvailableCannedResponse = { id: string; category: TicketCategoryCode | null; title: string; body: string };

/**
 * The active canned responses for a ticket of `category` written in `language`: that category's
 * first, then those for every category. Any active agent may use them. Fill them in with
 * renderCannedResponse (lib/tickets/canned-response.ts).
 */
export async function availableCannedResponses(
  actor: AgentActor,
  ticket: { category: TicketCategoryCode; language: LanguageCode },
  db: PrismaClient = prisma(),
): Promise<AvailableCannedResponse[]> {
  return db.$transaction(async (tx) => {
    await assertActiveAgent(tx, actor);
    return tx.cannedResponse.findMany({
      where: { active: true, language: ticket.language, OR: [{ category: ticket.category }, { category: null }] },
      select: { id: true, category: true, title: true, body: true },
      orderBy: [{ category: { sort: "asc", nulls: "last" } }, { title: "asc" }],
    });
  });
}
