"use server";

import { requestLocale } from "@/lib/i18n/request.ts";
import { runAction, type ActionResult } from "@/lib/server/actions/run-action.ts";
import { requireAgent } from "@/lib/server/auth/session.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { assignTicket, changeTicketStatus, ticketErrorMessage } from "@/lib/server/tickets/agent-actions.ts";
import { bulkAssignSchema, bulkStatusSchema } from "@/lib/validation/queue.ts";

export type BulkSummary = { changed: number; unchanged: number; failures: { reference: string; message: string }[] };
export type BulkOutcome = ActionResult<BulkSummary>;

type TicketWork = (ticket: { ticketId: string; version: number }) => Promise<{ changed: boolean }>;

/**
 * Runs one change per ticket, each in its own transaction with its own version check and audit
 * events, so one stale or vanished ticket does not block the rest; failures are reported per
 * ticket.
 */
async function eachTicket(tickets: { ticketId: string; version: number }[], work: TicketWork): Promise<BulkSummary> {
  const language = await requestLocale();
  const summary: BulkSummary = { changed: 0, unchanged: 0, failures: [] };
  for (const ticket of tickets) {
    try {
      if ((await work(ticket)).changed) summary.changed++;
      else summary.unchanged++;
    } catch (error) {
      const row = await prisma().ticket.findUnique({ where: { id: ticket.ticketId }, select: { reference: true } });
      summary.failures.push({ reference: row?.reference ?? ticket.ticketId, message: ticketErrorMessage(error, language, "bulk-action") });
    }
  }
  return summary;
}

export async function bulkAssignAction(input: unknown): Promise<BulkOutcome> {
  return runAction("bulk-assign", async () => {
    const agent = await requireAgent();
    const { tickets, assigneeId } = bulkAssignSchema.parse(input);
    return eachTicket(tickets, (ticket) => assignTicket(agent, { ...ticket, assigneeId: assigneeId || null }));
  });
}

export async function bulkStatusAction(input: unknown): Promise<BulkOutcome> {
  return runAction("bulk-status", async () => {
    const agent = await requireAgent();
    const { tickets, status } = bulkStatusSchema.parse(input);
    return eachTicket(tickets, (ticket) => changeTicketStatus(agent, { ...ticket, status }));
  });
}
