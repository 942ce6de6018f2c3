import "server-only";
import type { PrismaClient } from "@/generated/prisma/client.ts";
import type { MailAddress } from "@/lib/server/config/settings.ts";
import { consumeRateLimit } from "@/lib/server/rate-limit.ts";
import { statusUrlFor } from "@/lib/server/tickets/status-link.ts";
import { isAgentMail, withAgentLinks } from "./agent-mail.ts";
import { mailboxKey } from "./mailbox.ts";
import type { OutboxWorkerSettings } from "./settings.ts";
import { withStatusLink } from "./templates.ts";
import type { MailSender } from "./transport.ts";

export type OutboxDelivery = {
  db: PrismaClient;
  sender: MailSender;
  from: MailAddress;
  settings: OutboxWorkerSettings;
  /** Messages leased per round. */
  batchSize?: number;
  /** Asked between messages; when it says stop, leased but unsent messages are handed back. */
  stopping?: () => boolean;
};

export type DeliveryRound = { leased: number; sent: number; retrying: number; failed: number; skipped: number; held: number; released: number };

type LeasedMessage = {
  id: string;
  ticket_id: string | null;
  kind: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  attempts: number;
  created_at: Date;
};

/**
 * One round of the outbox: lease due messages, send each, record the outcome.
 *
 * Leasing is one UPDATE over a `FOR UPDATE SKIP LOCKED` selection, so any number of workers in
 * any number of app instances take disjoint rows. A lease (locked_until) outlives the SMTP
 * timeouts; a worker that dies while holding one leaves the row to be taken over once it expires.
 * Times come from the database clock so instances with skewed clocks agree.
 *
 * Sending and marking SENT cannot be one atomic step: a crash between the two sends the message
 * again after the lease expires. Each row's Message-ID is fixed (`<row id@sender domain>`), so such
 * a repeat is the same message to mail servers and clients that de-duplicate, and recognisable to
 * anyone who does not.
 */
export async function deliverDueMessages(delivery: OutboxDelivery): Promise<DeliveryRound> {
  const { db, settings, batchSize = 10, stopping = () => false } = delivery;
  const leased = await db.$queryRaw<LeasedMessage[]>`
    UPDATE outbox_messages
    SET locked_until = clock_timestamp() + ${settings.leaseMs}::int * interval '1 millisecond',
        attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM outbox_messages
      WHERE status = 'PENDING' AND next_attempt_at <= clock_timestamp()
        AND (locked_until IS NULL OR locked_until <= clock_timestamp())
      ORDER BY next_attempt_at, created_at
      LIMIT ${batchSize}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, ticket_id, kind, to_address, subject, text_body, html_body, attempts, created_at`;
  // RETURNING comes in storage order; a customer should get the reply before "resolved".
  leased.sort((a, b) => a.created_at.getTime() - b.created_at.getTime());

  const round: DeliveryRound = { leased: leased.length, sent: 0, retrying: 0, failed: 0, skipped: 0, held: 0, released: 0 };
  for (const [index, message] of leased.entries()) {
    if (stopping()) {
      round.released = await release(db, leased.slice(index).map((rest) => rest.id));
      break;
    }
    const outcome = await sendOne(delivery, message);
    round[outcome] += 1;
  }
  return round;
}

async function sendOne(delivery: OutboxDelivery, message: LeasedMessage): Promise<"sent" | "retrying" | "failed" | "skipped" | "held"> {
  const { db, sender, from, settings } = delivery;
  const accountMail = isAgentMail(message.kind);
  if (!message.ticket_id && !accountMail) {
    // The ticket was deleted: there is no status link to give and nobody to write to about it.
    await recordFailure(db, message.id, "FAILED", 0, "the ticket no longer exists");
    return "failed";
  }
  // Counted once per message, before its first attempt; retries after a failure are the same mail.
  if (message.attempts === 1) {
    const overCap = await holdOverMailboxCap(db, message, settings.mailboxHourlyCap);
    if (overCap) return overCap;
  }
  // Customer mail gets its ticket's status link, agent account mail its reset link (lib/server/email/agent-mail.ts).
  const links = (body: string, format: "text" | "html") =>
    message.ticket_id ? withStatusLink(body, statusUrlFor(message.ticket_id), format) : withAgentLinks(body, format);
  try {
    await sender.sendMail({
      from,
      to: message.to_address,
      subject: message.subject,
      text: links(message.text_body, "text"),
      html: links(message.html_body, "html"),
      messageId: messageIdFor(message.id, from),
      // RFC 3834: an automatic message; out-of-office replies must not answer it.
      headers: { "Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All" },
    });
  } catch (error) {
    const permanent = isPermanentRejection(error);
    const giveUp = permanent || message.attempts >= settings.maxAttempts;
    const delayMs = Math.min(settings.retryBaseDelayMs * 2 ** (message.attempts - 1), settings.maxRetryDelayMs);
    await recordFailure(db, message.id, giveUp ? "FAILED" : "PENDING", delayMs, describeSendError(error));
    if (giveUp) console.error(`[email] gave up on outbox message ${message.id} after ${message.attempts} attempt(s): ${describeSendError(error)}`);
    return giveUp ? "failed" : "retrying";
  }
  await db.outboxMessage.update({
    where: { id: message.id },
    data: { status: "SENT", sentAt: new Date(), lockedUntil: null, lastError: null },
  });
  return "sent";
}

/**
 * At most MAIL_PER_MAILBOX_PER_HOUR mails to one mailbox per clock hour, across instances, so
 * SupportGate cannot be used to flood an inbox however many tickets name it. Over the cap, a
 * "received" mail (anyone can cause one by filing a ticket for any address, and its reference and
 * link were already on the requester's screen) is SKIPPED for good; mail an agent's action caused
 * is held until the next hour. Either way the reason is kept in last_error.
 */
async function holdOverMailboxCap(db: PrismaClient, message: LeasedMessage, cap: number): Promise<"skipped" | "held" | null> {
  const rule = { name: "mail:mailbox", limit: cap, windowSeconds: 60 * 60 };
  const admission = await consumeRateLimit(rule, mailboxKey(message.to_address), db);
  if (admission.allowed) return null;
  if (message.kind === "TICKET_RECEIVED") {
    await db.outboxMessage.update({
      where: { id: message.id },
      data: { status: "SKIPPED", lockedUntil: null, lastError: `not sent: this mailbox already had ${cap} mails from us this hour (MAIL_PER_MAILBOX_PER_HOUR)` },
    });
    return "skipped";
  }
  // Not an attempt: the next hour's lease counts it afresh.
  await db.$executeRaw`
    UPDATE outbox_messages
    SET locked_until = NULL, attempts = attempts - 1,
        last_error = ${`held: this mailbox already had ${cap} mails from us this hour (MAIL_PER_MAILBOX_PER_HOUR)`},
        next_attempt_at = clock_timestamp() + ${admission.retryAfterSeconds}::int * interval '1 second'
    WHERE id = ${message.id}::uuid`;
  return "held";
}

export function messageIdFor(outboxId: string, from: MailAddress): string {
  return `<${outboxId}@${from.address.split("@").pop()}>`;
}

async function recordFailure(db: PrismaClient, id: string, status: "PENDING" | "FAILED", delayMs: number, lastError: string): Promise<void> {
  await db.$executeRaw`
    UPDATE outbox_messages
    SET status = ${status}::"OutboxStatus", locked_until = NULL, last_error = ${lastError},
        next_attempt_at = clock_timestamp() + ${Math.round(delayMs)}::int * interval '1 millisecond'
    WHERE id = ${id}::uuid`;
}

/** Hands leased messages back untried: the lease and the attempt are undone. */
async function release(db: PrismaClient, ids: string[]): Promise<number> {
  return db.$executeRaw`
    UPDATE outbox_messages SET locked_until = NULL, attempts = attempts - 1
    WHERE id = ANY(${ids}::uuid[]) AND status = 'PENDING'`;
}

/** A 5xx answer (unknown mailbox, refused sender) will not change by retrying. */
function isPermanentRejection(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

function describeSendError(error: unknown): string {
  const details = error as { code?: unknown; response?: unknown; message?: unknown } | null;
  const text = [details?.code, details?.response ?? details?.message].filter((part) => typeof part === "string" && part).join(": ");
  return (text || String(error)).slice(0, 1000);
}

export type OutboxWorker = {
  /** Finishes the message being sent, hands back the rest of its lease and resolves when idle. */
  stop(): Promise<void>;
};

/** Delivers rounds until stopped, sleeping MAIL_POLL_INTERVAL_SECONDS whenever there was little to do. */
export function startOutboxWorker(delivery: Omit<OutboxDelivery, "stopping">): OutboxWorker {
  const batchSize = delivery.batchSize ?? 10;
  let stopped = false;
  let interruptSleep: (() => void) | null = null;
  const sleep = (milliseconds: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, milliseconds);
      timer.unref();
      function done() {
        clearTimeout(timer);
        interruptSleep = null;
        resolve();
      }
      interruptSleep = done;
    });

  const loop = (async () => {
    while (!stopped) {
      let leased = 0;
      try {
        leased = (await deliverDueMessages({ ...delivery, batchSize, stopping: () => stopped })).leased;
      } catch (error) {
        // The database being away is no reason to stop: the next round tries again.
        console.error("[email] outbox round failed:", error instanceof Error ? error.message : error);
      }
      if (!stopped && leased < batchSize) await sleep(delivery.settings.pollIntervalMs);
    }
  })();

  return {
    async stop() {
      stopped = true;
      interruptSleep?.();
      await loop;
    },
  };
}
