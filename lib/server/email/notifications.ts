import "server-only";
import type { Prisma } from "@/generated/prisma/client.ts";
import type { LanguageCode, TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";
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
): { kind: "TICKET_RECEIVED"; subject: string; textBody: string; htmlBody: string } {
  const mail = renderEmail({ kind: "TICKET_RECEIVED", ticket });
  return { kind: "TICKET_RECEIVED", subject: mail.subject, textBody: mail.text, htmlBody: mail.html };
}

/** The ticket a mail is about, as the agent action already loaded it (category as it stands now). */
type MailedTicket = { id: string; reference: string; language: LanguageCode; category: TicketCategoryCode; contactEmail: string };

export async function queueAgentReplied(tx: Tx, ticket: MailedTicket, reply: string): Promise<void> {
  await queue(tx, ticket.id, ticket.contactEmail, { kind: "AGENT_REPLIED", ticket, reply });
}

export async function queueTicketResolved(tx: Tx, ticket: MailedTicket): Promise<void> {
  await queue(tx, ticket.id, ticket.contactEmail, { kind: "TICKET_RESOLVED", ticket });
}

async function queue(tx: Tx, ticketId: string, toAddress: string, content: EmailContent): Promise<void> {
  const mail = renderEmail(content);
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
