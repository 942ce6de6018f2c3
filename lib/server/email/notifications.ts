import type { Prisma } from "@/generated/prisma/client.ts";
import { AppError } from "@/lib/errors.ts";
import type { Environment } from "@/lib/server/config/environment.ts";
import type { CreatedTicket } from "@/lib/server/tickets/intake.ts";
import { renderEmail, type EmailContent } from "./templates.ts";

/**
 * The mails a ticket's life sends. Each is written to the outbox inside the caller's transaction,
 * so it exists exactly when the change that causes it commits; sending is the worker's job
 * (lib/server/email/worker.ts) and never slows or fails the change itself.
 */

type Tx = Prisma.TransactionClient;

export async function queueTicketReceived(tx: Tx, ticket: CreatedTicket, env: Environment = process.env): Promise<void> {
  await queue(tx, ticket.id, ticket.contactEmail, { kind: "TICKET_RECEIVED", ticket }, env);
}

export async function queueAgentReplied(tx: Tx, ticketId: string, reply: string, env: Environment = process.env): Promise<void> {
  const ticket = await recipientOf(tx, ticketId);
  await queue(tx, ticketId, ticket.contactEmail, { kind: "AGENT_REPLIED", ticket, reply }, env);
}

export async function queueTicketResolved(tx: Tx, ticketId: string, env: Environment = process.env): Promise<void> {
  const ticket = await recipientOf(tx, ticketId);
  await queue(tx, ticketId, ticket.contactEmail, { kind: "TICKET_RESOLVED", ticket }, env);
}

async function recipientOf(tx: Tx, ticketId: string) {
  const ticket = await tx.ticket.findUnique({
    where: { id: ticketId },
    select: { reference: true, language: true, category: true, contactEmail: true },
  });
  if (!ticket) throw new AppError("NOT_FOUND", { detail: `ticket ${ticketId}` });
  return ticket;
}

async function queue(tx: Tx, ticketId: string, toAddress: string, content: EmailContent, env: Environment): Promise<void> {
  const mail = renderEmail(content, env);
  await tx.outboxMessage.create({
    data: {
      ticketId,
      kind: content.kind,
      toAddress,
      language: content.ticket.language,
      subject: mail.subject,
      textBody: mail.text,
      htmlBody: mail.html,
    },
  });
}
