"use server";

import { agentAction } from "@/lib/server/actions/action-client.ts";
import type { AgentActor } from "@/lib/server/auth/actor.ts";
import { describeError } from "@/lib/server/http/error-response.ts";
import { assignTicket, changeTicketStatus, type TicketChange } from "@/lib/server/tickets/agent-actions.ts";
import { ticketReferences } from "@/lib/server/tickets/agent-view.ts";
import type { LanguageCode } from "@/lib/validation/ticket-choices.ts";
import { bulkAssignSchema, bulkStatusSchema } from "@/lib/validation/queue.ts";

export type BulkSummary = { changed: number; unchanged: number; failures: { reference: string; message: string }[] };

type TicketWork = (ticket: TicketChange) => Promise<{ changed: boolean }>;

/**
 * Runs one change per ticket, each in its own transaction with its own version check and audit
 * events, so one stale or vanished ticket does not block the rest; failures are reported per
 * ticket, by reference, in the agent's language.
 */
async function eachTicket(actor: AgentActor, language: LanguageCode, tickets: TicketChange[], work: TicketWork): Promise<BulkSummary> {
  const summary: BulkSummary = { changed: 0, unchanged: 0, failures: [] };
  const failed: { ticketId: string; message: string }[] = [];
  for (const ticket of tickets) {
    try {
      if ((await work(ticket)).changed) summary.changed++;
      else summary.unchanged++;
    } catch (error) {
      failed.push({ ticketId: ticket.ticketId, message: describeError(error, language, "bulk-action").message });
    }
  }
  if (failed.length) {
    const references = await ticketReferences(actor, failed.map((failure) => failure.ticketId));
    summary.failures = failed.map((failure) => ({ reference: references.get(failure.ticketId) ?? failure.ticketId, message: failure.message }));
  }
  return summary;
}

export const bulkAssignAction = agentAction({ name: "bulk-assign" }, bulkAssignSchema).action(async ({ parsedInput, ctx }) => {
  const { tickets, assigneeId, takeOver } = parsedInput;
  return eachTicket(ctx.actor, ctx.language, tickets, (ticket) => assignTicket(ctx.actor, { ...ticket, assigneeId: assigneeId || null, takeOver }));
});

export const bulkStatusAction = agentAction({ name: "bulk-status" }, bulkStatusSchema).action(async ({ parsedInput, ctx }) => {
  const { tickets, status } = parsedInput;
  return eachTicket(ctx.actor, ctx.language, tickets, (ticket) => changeTicketStatus(ctx.actor, { ...ticket, status }));
});
