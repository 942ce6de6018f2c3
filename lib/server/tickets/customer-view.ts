import "server-only";
import type { PrismaClient } from "@/generated/prisma/client.ts";
import { AppError } from "@/lib/errors.ts";
import { bindPendingAttachments } from "@/lib/server/attachments/binding.ts";
import type { PendingAttachments } from "@/lib/validation/upload-token.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { enforceRateLimits, type RateLimitRule } from "@/lib/server/rate-limit.ts";
import { maskedKindsIn, maskSecrets, type SecretKind } from "@/lib/tickets/mask-secrets.ts";
import type { TicketStatusCode } from "@/lib/tickets/status.ts";
import { fieldIssues, type FieldIssue } from "@/lib/validation/issues.ts";
import { customerReplySchema } from "@/lib/validation/ticket.ts";
import type { LanguageCode, TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";
import type { CustomerActor } from "./customer-actor.ts";
import { hashStatusToken, statusUrlFor } from "./status-link.ts";

export const REPLY_CLIENT_LIMIT: RateLimitRule = { name: "reply:client", limit: 20, windowSeconds: 10 * 60 };
export const REPLY_TICKET_LIMIT: RateLimitRule = { name: "reply:ticket", limit: 10, windowSeconds: 10 * 60 };

// Where a customer reply sends the ticket back to the agents' attention.
const REOPENED_BY_REPLY = new Set(["PENDING", "RESOLVED"]);

export type CustomerMessage = {
  id: string;
  from: "CUSTOMER" | "SUPPORT";
  body: string;
  masked: boolean;
  createdAt: Date;
};

/** What the holder of a status link may see: no internal notes, no agent identities. */
export type CustomerTicketView = {
  reference: string;
  statusUrl: string;
  category: TicketCategoryCode;
  status: TicketStatusCode;
  language: LanguageCode;
  description: string;
  masked: boolean;
  /** What was masked out of the description and details, for advice that fits it. */
  maskedKinds: SecretKind[];
  createdAt: Date;
  updatedAt: Date;
  messages: CustomerMessage[];
  canReply: boolean;
};

/**
 * The ticket behind a status-link token, or null. Every token, however malformed, is hashed and
 * looked up the same way, so a wrong link cannot be told from an unknown one.
 */
export async function customerTicketView(token: string, db: PrismaClient = prisma()): Promise<CustomerTicketView | null> {
  const ticket = await db.ticket.findUnique({
    where: { statusTokenHash: hashStatusToken(token) },
    select: {
      id: true,
      reference: true,
      category: true,
      status: true,
      language: true,
      description: true,
      details: true,
      masked: true,
      createdAt: true,
      updatedAt: true,
      messages: {
        where: { kind: "PUBLIC_REPLY" },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { id: true, authorType: true, body: true, masked: true, createdAt: true },
      },
    },
  });
  if (!ticket) return null;
  return {
    reference: ticket.reference,
    statusUrl: statusUrlFor(ticket.id),
    category: ticket.category,
    status: ticket.status,
    language: ticket.language,
    description: ticket.description,
    masked: ticket.masked,
    maskedKinds: maskedKindsIn([ticket.description, ...Object.values(ticket.details ?? {}).filter((value) => typeof value === "string")]),
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    messages: ticket.messages.map((message) => ({
      id: message.id,
      from: message.authorType === "CUSTOMER" ? "CUSTOMER" : "SUPPORT",
      body: message.body,
      masked: message.masked,
      createdAt: message.createdAt,
    })),
    canReply: ticket.status !== "CLOSED",
  };
}

export type CustomerReplyResult =
  | { kind: "invalid"; issues: FieldIssue[] }
  | { kind: "closed" }
  | { kind: "added"; messageId: string; masked: boolean; reopened: boolean };

/**
 * Adds the customer's reply as a public message: secrets masked, rate-limited per client and per
 * ticket, audited, version bumped, and a PENDING or RESOLVED ticket back to OPEN. The input is
 * validated here too, for callers other than the status page's action. A ticket whose link no
 * longer matches is NOT_FOUND; a CLOSED ticket takes no more replies. A second submission with
 * the same `submissionId` answers the first reply again and writes nothing.
 */
export async function addCustomerReply(
  customer: CustomerActor,
  input: unknown,
  context: { clientAddress: string; attachments?: PendingAttachments },
  db: PrismaClient = prisma(),
  now = new Date(),
): Promise<CustomerReplyResult> {
  const parsed = customerReplySchema.safeParse(input);
  if (!parsed.success) return { kind: "invalid", issues: fieldIssues(parsed.error) };
  await enforceRateLimits(
    [
      [REPLY_CLIENT_LIMIT, context.clientAddress],
      [REPLY_TICKET_LIMIT, customer.ticketId],
    ],
    db,
  );

  const reply = maskSecrets(parsed.data.body);
  return db.$transaction(async (tx): Promise<CustomerReplyResult> => {
    // Locks the ticket so a concurrent agent status change and this reply apply one after the other.
    const rows = await tx.$queryRaw<{ id: string; status: TicketStatusCode }[]>`
      SELECT id::text AS id, status::text AS status FROM tickets
      WHERE id = ${customer.ticketId}::uuid AND status_token_hash = ${customer.statusTokenHash} FOR UPDATE`;
    const ticket = rows[0];
    if (!ticket) throw new AppError("NOT_FOUND", { detail: "status token unknown" });
    const { submissionId } = parsed.data;
    if (submissionId) {
      // The ticket lock above makes a concurrent twin wait here until the first one committed.
      const earlier = await tx.message.findUnique({
        where: { ticketId_submissionId: { ticketId: ticket.id, submissionId } },
        select: { id: true, masked: true },
      });
      if (earlier) return { kind: "added", messageId: earlier.id, masked: earlier.masked, reopened: false };
    }
    if (ticket.status === "CLOSED") return { kind: "closed" };

    const message = await tx.message.create({
      data: {
        ticketId: ticket.id,
        kind: "PUBLIC_REPLY",
        authorType: "CUSTOMER",
        body: reply.text,
        masked: reply.masked,
        submissionId: submissionId ?? null,
        createdAt: now,
      },
      select: { id: true },
    });
    if (context.attachments) {
      await bindPendingAttachments(tx, { ...context.attachments, ticketId: ticket.id, messageId: message.id });
    }
    const reopened = REOPENED_BY_REPLY.has(ticket.status);
    await tx.ticket.update({
      where: { id: ticket.id },
      data: {
        version: { increment: 1 },
        updatedAt: now,
        ...(reopened ? { status: "OPEN", resolvedAt: null } : {}),
      },
    });
    await tx.auditEvent.create({
      data: {
        ticketId: ticket.id,
        actorType: "CUSTOMER",
        action: "ticket.customer_replied",
        data: { messageId: message.id, masked: reply.masked, maskedKinds: reply.kinds },
        createdAt: now,
      },
    });
    if (reopened) {
      await tx.auditEvent.create({
        data: {
          ticketId: ticket.id,
          actorType: "CUSTOMER",
          action: "ticket.status_changed",
          field: "status",
          fromValue: ticket.status,
          toValue: "OPEN",
          createdAt: now,
        },
      });
    }
    return { kind: "added", messageId: message.id, masked: reply.masked, reopened };
  });
}
