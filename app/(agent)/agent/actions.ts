"use server";

import { AppError } from "@/lib/errors.ts";
import { requestLocale } from "@/lib/i18n/request.ts";
import { requireAgent } from "@/lib/server/auth/session.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { describeError } from "@/lib/server/http/error-response.ts";
import { assignTicket, changeTicketStatus, ticketErrorMessage } from "@/lib/server/tickets/agent-actions.ts";
import { bulkAssignSchema, bulkStatusSchema } from "@/lib/validation/queue.ts";

export type BulkOutcome =
  | { ok: true; changed: number; unchanged: number; failures: { reference: string; message: string }[] }
  | { ok: false; message: string };

type TicketWork = (ticket: { ticketId: string; version: number }) => Promise<{ changed: boolean }>;

/**
 * Runs one change per ticket, each in its own transaction with its own version check and audit
 * events, so one stale or vanished ticket does not block the rest; failures are reported per
 * ticket.
 */
async function eachTicket(tickets: { ticketId: string; version: number }[], work: TicketWork): Promise<BulkOutcome> {
  const language = await requestLocale();
  const failures: { reference: string; message: string }[] = [];
  let changed = 0;
  let unchanged = 0;
  for (const ticket of tickets) {
    try {
      if ((await work(ticket)).changed) changed++;
      else unchanged++;
    } catch (error) {
      const row = await prisma().ticket.findUnique({ where: { id: ticket.ticketId }, select: { reference: true } });
      failures.push({ reference: row?.reference ?? ticket.ticketId, message: ticketErrorMessage(error, language, "bulk-action") });
    }
  }
  return { ok: true, changed, unchanged, failures };
}

export async function bulkAssignAction(input: unknown): Promise<BulkOutcome> {
  const language = await requestLocale();
  try {
    const agent = await requireAgent();
    const parsed = bulkAssignSchema.safeParse(input);
    if (!parsed.success) throw new AppError("VALIDATION_FAILED", { detail: "bulk assign input" });
    const { tickets, assigneeId } = parsed.data;
    return await eachTicket(tickets, (ticket) => assignTicket(agent, { ...ticket, assigneeId: assigneeId || null }));
  } catch (error) {
    return { ok: false, message: describeError(error, language, "bulk-assign").message };
  }
}

export async function bulkStatusAction(input: unknown): Promise<BulkOutcome> {
  const language = await requestLocale();
  try {
    const agent = await requireAgent();
    const parsed = bulkStatusSchema.safeParse(input);
    if (!parsed.success) throw new AppError("VALIDATION_FAILED", { detail: "bulk status input" });
    const { tickets, status } = parsed.data;
    return await eachTicket(tickets, (ticket) => changeTicketStatus(agent, { ...ticket, status }));
  } catch (error) {
    return { ok: false, message: describeError(error, language, "bulk-status").message };
  }
}
