import "server-only";
import type { OutboxStatus, PrismaClient } from "@/generated/prisma/client.ts";
import { AppError } from "@/lib/errors.ts";
import type { AgentActor } from "@/lib/server/auth/actor.ts";
import { settings, type Settings } from "@/lib/server/config/settings.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { hideAgentLinks } from "@/lib/server/email/agent-mail.ts";
import { STATUS_LINK_PLACEHOLDER, withStatusLink } from "@/lib/server/email/templates.ts";
import { statusUrlFor } from "@/lib/server/tickets/status-link.ts";
import { retryOutboxMessageSchema } from "@/lib/validation/admin.ts";
import { adminRead, adminTransaction, recordAdminChange } from "./admin-transaction.ts";

const OUTBOX_PAGE_SIZE = 100;

export type OutboxEntry = {
  id: string;
  kind: string;
  status: OutboxStatus;
  toAddress: string;
  language: string;
  subject: string;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  sentAt: Date | null;
  createdAt: Date;
  ticketReference: string | null;
  /** The plain-text mail as the customer gets it (see outboxOverview for the status link). */
  text: string;
};

export type OutboxOverview = {
  smtpConfigured: boolean;
  counts: Record<OutboxStatus, number>;
  messages: OutboxEntry[];
};

/**
 * The latest mail, newest first, with counts per status. Admins only. Without SMTP (the embedded
 * demo) this page is where mail can be read, so the text carries the real status link; with SMTP
 * the link is the customer's alone and is shown as `hiddenLinkLabel`.
 */
export async function outboxOverview(
  actor: AgentActor,
  options: { hiddenLinkLabel: string },
  db: PrismaClient = prisma(),
  config: Settings = settings(),
): Promise<OutboxOverview> {
  const smtpConfigured = config.SMTP_URL !== undefined;
  return adminRead(actor, async (tx) => {
    const [grouped, rows] = await Promise.all([
      tx.outboxMessage.groupBy({ by: ["status"], _count: { _all: true } }),
      tx.outboxMessage.findMany({
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: OUTBOX_PAGE_SIZE,
        select: {
          id: true, kind: true, status: true, toAddress: true, language: true, subject: true, attempts: true,
          nextAttemptAt: true, lastError: true, sentAt: true, createdAt: true, textBody: true, ticketId: true,
          ticket: { select: { reference: true } },
        },
      }),
    ]);
    const counts: Record<OutboxStatus, number> = { PENDING: 0, SENT: 0, FAILED: 0, SKIPPED: 0 };
    for (const group of grouped) counts[group.status] = group._count._all;
    return {
      smtpConfigured,
      counts,
      messages: rows.map(({ textBody, ticketId, ticket, ...row }) => ({
        ...row,
        ticketReference: ticket?.reference ?? null,
        text:
          !smtpConfigured && ticketId
            ? withStatusLink(textBody, statusUrlFor(ticketId, config), "text")
            : hideAgentLinks(textBody.replaceAll(STATUS_LINK_PLACEHOLDER, options.hiddenLinkLabel), options.hiddenLinkLabel),
      })),
    };
  }, db);
}

/**
 * Puts a FAILED or SKIPPED message back in the queue with a fresh set of attempts (a skipped one
 * meets the mailbox's hourly cap again). Admins only.
 */
export async function retryOutboxMessage(actor: AgentActor, input: unknown, db: PrismaClient = prisma()): Promise<void> {
  const { id } = retryOutboxMessageSchema.parse(input);
  await adminTransaction(actor, async (tx) => {
    const [message] = await tx.$queryRaw<{ status: OutboxStatus }[]>`
      SELECT status::text AS status FROM outbox_messages WHERE id = ${id}::uuid AND status IN ('FAILED', 'SKIPPED') FOR UPDATE`;
    if (!message) throw new AppError("NOT_FOUND", { detail: `no failed or skipped outbox message ${id}` });
    await tx.outboxMessage.update({ where: { id }, data: { status: "PENDING", attempts: 0, nextAttemptAt: new Date(), lockedUntil: null } });
    await recordAdminChange(tx, actor, { action: "outbox.retried", fromValue: message.status, toValue: "PENDING", data: { outboxMessageId: id } });
  }, db);
}
