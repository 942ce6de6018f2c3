import type { Prisma } from "@/generated/prisma/client.ts";
import { AppError } from "@/lib/errors.ts";
import type { Environment } from "@/lib/server/config/environment.ts";
import { renderEmail, type EmailContent } from "./templates.ts";

/**
 * The mails a ticket's life sends. Each is written to the outbox inside the caller's transaction,
 * so it exists exactly when the change that causes it commits; sending is the worker's job
 * (lib/server/email/worker.ts) and never slows or fails the change itself.
 */

type Tx = Prisma.TransactionClient;

/**
 * The "received" mail as the outbox row intake writes in the same statement as the ticket
 * (lib/server/tickets/intake.ts): a plain intake stays one round trip.
 */
export function ticketReceivedOutboxRow(
  ticket: Extract<EmailContent, { kind: "TICKET_RECEIVED" }>["ticket"],
  env: Environment = process.env,
): { kind: "TICKET_RECEIVED"; subject: string; textBody: string; htmlBody: string } {
  const mail = renderEmail({ kind: "TICKET_RECEIVED", ticket }, env);
  return { kind: "TICKET_RECEIVED", subject: mail.subject, textBody: mail.text, htmlBody: mail.html };
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
