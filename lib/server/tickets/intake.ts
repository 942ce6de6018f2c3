import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { Prisma, type PrismaClient } from "@/generated/prisma/client.ts";
import { AppError } from "@/lib/errors.ts";
import { bindPendingAttachments } from "@/lib/server/attachments/binding.ts";
import type { PendingAttachments } from "@/lib/validation/upload-token.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { mailboxKey } from "@/lib/server/email/mailbox.ts";
import { ticketReceivedOutboxRow } from "@/lib/server/email/notifications.ts";
import { enforceRateLimits, takeSlotSql, type RateLimitRule } from "@/lib/server/rate-limit.ts";
import { maskDetails, maskSecrets } from "@/lib/tickets/mask-secrets.ts";
import { intakePriority, type PriorityCode } from "@/lib/tickets/priority.ts";
import { DEFAULT_FIRST_RESPONSE_MINUTES } from "@/lib/tickets/sla.ts";
import { fieldIssues, type FieldIssue } from "@/lib/validation/issues.ts";
import { ticketIntakeSchema, type TicketIntake } from "@/lib/validation/ticket.ts";
import type { LanguageCode, TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";
import { generateReference } from "./reference.ts";
import { hashStatusToken, statusTokenFor, statusUrlFor } from "./status-link.ts";

/**
 * Per sending address and per contact mailbox; stored in PostgreSQL so they hold across
 * instances. The address limit is loose because many phones share one carrier address (CGNAT)
 * and counts every request. The mailbox limit is the one that stops a flood for one person; it
 * counts accepted tickets only, on the mailbox's key (lib/server/email/mailbox.ts), so a third
 * party's refused requests cannot lock someone out and "+tag" variants cannot get round it.
 */
export const INTAKE_CLIENT_LIMIT: RateLimitRule = { name: "intake:client", limit: 30, windowSeconds: 10 * 60 };
export const INTAKE_EMAIL_LIMIT: RateLimitRule = { name: "intake:email", limit: 5, windowSeconds: 60 * 60 };

/** A retry within a day gets the first answer back; after that the key may be reused. */
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;
// Five fresh references colliding in a row (29^8 possibilities each) means something else is wrong.
const REFERENCE_ATTEMPTS = 5;

export type IntakeChannel = "web" | "api";

export type IntakeRequest = {
  /** The submission as received; validated here, the server being the authority. */
  body: unknown;
  channel: IntakeChannel;
  clientAddress: string;
  idempotencyKey?: string | null;
  /** Screenshots the web form uploaded beforehand; bound to the ticket in its transaction. */
  attachments?: PendingAttachments;
};

/** What the intake answers: `201` the first time, `200` with the same body for a keyed retry. */
export type IntakeAnswer = { reference: string; statusUrl: string; priority: PriorityCode; masked: boolean };

export type IntakeResult =
  | { kind: "invalid"; issues: FieldIssue[] }
  | { kind: "created" | "replayed"; ticketId: string; answer: IntakeAnswer };

/** The ticket as just written, for whatever else must happen in the same transaction. */
export type CreatedTicket = {
  id: string;
  reference: string;
  category: TicketCategoryCode;
  priority: PriorityCode;
  contactEmail: string;
  language: LanguageCode;
  masked: boolean;
  slaDueAt: Date;
  createdAt: Date;
  /** Absolute private status link; carry it in mail, never store it. */
  statusUrl: string;
};

type Database = PrismaClient | Prisma.TransactionClient;

/** Refuses the submission with field issues; thrown inside the transaction so it rolls back. */
class IntakeRejection extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super("intake rejected");
  }
}

/**
 * The one intake path, for the web form and the JSON API alike: validate, honour the
 * idempotency key, rate-limit, then write the ticket, its audit event, the self-help link, the
 * "received" mail (outbox), the screenshots and the idempotency record atomically: one statement
 * for a plain intake, one transaction when there is more than ticket, audit event and mail to write.
 */
export async function submitIntake(request: IntakeRequest, db: PrismaClient = prisma(), now = new Date()): Promise<IntakeResult> {
  const parsed = ticketIntakeSchema.safeParse(request.body);
  if (!parsed.success) return { kind: "invalid", issues: fieldIssues(parsed.error) };
  const key = request.idempotencyKey ?? null;
  if (key !== null && !IDEMPOTENCY_KEY_PATTERN.test(key)) {
    return { kind: "invalid", issues: [{ path: "Idempotency-Key", message: "idempotency_key_invalid" }] };
  }
  const scopedKey = key === null ? null : `intake:${request.channel}:${key}`;
  const requestHash = createHash("sha256").update(canonicalJson(request.body)).digest("hex");

  // A retry of a request that already went through is answered before it costs a rate-limit hit.
  if (scopedKey) {
    const earlier = await earlierAnswer(db, scopedKey, requestHash, now);
    if (earlier) return earlier;
  }
  // Checked here so a bad session id writes nothing (not even a rate-limit hit), and again under
  // a lock inside the transaction.
  if (parsed.data.selfHelpSessionId && !(await isLinkableSession(db, parsed.data.selfHelpSessionId, parsed.data.category))) {
    return { kind: "invalid", issues: [SESSION_INVALID] };
  }
  await enforceRateLimits([[INTAKE_CLIENT_LIMIT, request.clientAddress]], db);

  // A plain intake is one statement (ticket, audit event and mail together), atomic on its own; an
  // idempotency key, a self-help session or screenshots need a transaction around their steps.
  if (!scopedKey && !parsed.data.selfHelpSessionId && !request.attachments) {
    const ticket = await createIntakeTicket(db, parsed.data, { channel: request.channel, now });
    return { kind: "created", ticketId: ticket.id, answer: answerFor(ticket) };
  }
  try {
    return await db.$transaction(
      async (tx): Promise<IntakeResult> => {
        if (scopedKey) {
          const earlier = await claimIdempotencyKey(tx, scopedKey, requestHash, now);
          if (earlier) return earlier;
        }
        const ticket = await createIntakeTicket(tx, parsed.data, { channel: request.channel, now });
        if (request.attachments) await bindPendingAttachments(tx, { ...request.attachments, ticketId: ticket.id });
        if (scopedKey) await rememberAnswer(tx, scopedKey, ticket);
        return { kind: "created", ticketId: ticket.id, answer: answerFor(ticket) };
      },
      // Waiting on a concurrent twin's idempotency key is expected; give it time.
      { maxWait: 10_000, timeout: 20_000 },
    );
  } catch (error) {
    if (error instanceof IntakeRejection) return { kind: "invalid", issues: error.issues };
    throw error;
  }
}

/**
 * Writes a validated intake as a NEW ticket inside the caller's transaction (or, for an intake
 * without a self-help session, on the client itself): secrets masked out of description and
 * details, priority from the rules, the SLA due time from the stored target, the self-help
 * session linked and marked escalated, the `ticket.created` audit event and the "received" mail
 * in the outbox. The contact mailbox's slot (INTAKE_EMAIL_LIMIT), ticket, target lookup, audit
 * event and mail are one statement, so a plain intake costs one round trip and a ticket refused
 * over the limit, or rolled back, takes no slot.
 */
export async function createIntakeTicket(
  tx: Prisma.TransactionClient,
  intake: TicketIntake,
  context: { channel: IntakeChannel; now: Date },
): Promise<CreatedTicket> {
  const { now } = context;
  if (intake.selfHelpSessionId) await escalateSelfHelpSession(tx, intake.selfHelpSessionId, intake.category, now);

  const description = maskSecrets(intake.description);
  const details = maskDetails(intake.details);
  const masked = description.masked || details.masked;
  const maskedKinds = [...new Set([...description.kinds, ...details.kinds])];
  const priority = intakePriority(intake);
  const auditData = {
    channel: context.channel,
    priority,
    masked,
    maskedKinds,
    selfHelpSessionId: intake.selfHelpSessionId ?? null,
  };

  const id = randomUUID();
  const slot = takeSlotSql(INTAKE_EMAIL_LIMIT, mailboxKey(intake.contactEmail), now);
  let slotTaken = false;
  let reference: string | undefined;
  let dueAt: Date | undefined;
  for (let attempt = 0; attempt < REFERENCE_ATTEMPTS && !reference; attempt++) {
    const candidate = generateReference();
    const mail = ticketReceivedOutboxRow({ reference: candidate, category: intake.category, language: intake.language, maskedKinds });
    // ON CONFLICT DO NOTHING: a taken reference writes nothing (no audit event either, as it
    // reads the inserted row) and must not abort the caller's transaction. Its slot is kept for
    // the next reference, which then must not take another.
    const rows = await tx.$queryRaw<{ sla_due_at: Date | string | null; admitted: boolean }[]>`
      WITH slot AS (${slotTaken ? Prisma.sql`SELECT 1` : slot.sql}
      ), ticket AS (
        INSERT INTO tickets (id, reference, status_token_hash, category, status, priority, contact_email, language,
                             description, started_at, details, masked, sla_due_at, self_help_session_id, created_at, updated_at)
        SELECT ${id}::uuid, ${candidate}::text, ${hashStatusToken(statusTokenFor(id))}::text, ${intake.category}::"TicketCategory",
               'NEW'::"TicketStatus", ${priority}::"TicketPriority", ${intake.contactEmail}::text, ${intake.language}::"Language",
               ${description.text}::text, ${intake.startedAt ? new Date(intake.startedAt) : null}::timestamptz,
               ${JSON.stringify(details.details)}::jsonb, ${masked}::boolean,
               ${now}::timestamptz + make_interval(mins => coalesce(
                 (SELECT first_response_minutes FROM sla_targets WHERE priority = ${priority}::"TicketPriority"),
                 ${DEFAULT_FIRST_RESPONSE_MINUTES[priority]}::int)),
               ${intake.selfHelpSessionId ?? null}::uuid, ${now}::timestamptz, ${now}::timestamptz
        WHERE EXISTS (SELECT 1 FROM slot)
        ON CONFLICT DO NOTHING
        RETURNING id, sla_due_at
      ), audit AS (
        INSERT INTO audit_events (ticket_id, actor_type, action, to_value, data, created_at)
        SELECT id, 'CUSTOMER'::"ActorType", 'ticket.created', 'NEW', ${JSON.stringify(auditData)}::jsonb, ${now}::timestamptz
        FROM ticket
      ), mail AS (
        INSERT INTO outbox_messages (ticket_id, kind, to_address, language, subject, text_body, html_body, created_at)
        SELECT id, ${mail.kind}, ${intake.contactEmail}, ${intake.language}::"Language", ${mail.subject}, ${mail.textBody},
               ${mail.htmlBody}, ${now}::timestamptz
        FROM ticket
      )
      SELECT (SELECT sla_due_at FROM ticket) AS sla_due_at, EXISTS (SELECT 1 FROM slot) AS admitted`;
    const [row] = rows;
    if (!row?.admitted) {
      throw new AppError("RATE_LIMITED", {
        detail: `rate limit: ${INTAKE_EMAIL_LIMIT.name}`,
        params: { retryAfterSeconds: slot.retryAfterSeconds },
      });
    }
    slotTaken = true;
    if (row.sla_due_at) {
      reference = candidate;
      dueAt = new Date(row.sla_due_at);
    }
  }
  if (!reference || !dueAt) throw new AppError("INTERNAL", { detail: "no free ticket reference after several attempts" });

  return {
    id,
    reference,
    category: intake.category,
    priority,
    contactEmail: intake.contactEmail,
    language: intake.language,
    masked,
    slaDueAt: dueAt,
    createdAt: now,
    statusUrl: statusUrlFor(id),
  };
}

const SESSION_INVALID: FieldIssue = { path: "selfHelpSessionId", message: "session_invalid" };

/** A session can be linked to one ticket of its own category. */
async function isLinkableSession(db: Database, sessionId: string, category: TicketCategoryCode): Promise<boolean> {
  const session = await db.selfHelpSession.findUnique({
    where: { id: sessionId },
    select: { category: true, outcome: true, ticket: { select: { id: true } } },
  });
  return !!session && session.category === category && session.outcome !== "ESCALATED" && !session.ticket;
}

/** Links a self-help session to the new ticket, under a lock so two tickets cannot share it. */
async function escalateSelfHelpSession(
  tx: Prisma.TransactionClient,
  sessionId: string,
  category: TicketCategoryCode,
  now: Date,
): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM self_help_sessions WHERE id = ${sessionId}::uuid FOR UPDATE`;
  if (!(await isLinkableSession(tx, sessionId, category))) throw new IntakeRejection([SESSION_INVALID]);
  await tx.selfHelpSession.update({ where: { id: sessionId }, data: { outcome: "ESCALATED", endedAt: now } });
}

function answerFor(ticket: Pick<CreatedTicket, "id" | "reference" | "priority" | "masked">): IntakeAnswer {
  return { reference: ticket.reference, statusUrl: statusUrlFor(ticket.id), priority: ticket.priority, masked: ticket.masked };
}

type StoredAnswer = Omit<IntakeAnswer, "statusUrl">;

/** The earlier answer for this key, or null when the key is unused or expired. */
async function earlierAnswer(db: Database, key: string, requestHash: string, now: Date): Promise<IntakeResult | null> {
  const row = await db.idempotencyKey.findUnique({ where: { key } });
  if (!row || row.expiresAt <= now) return null;
  if (row.requestHash !== requestHash) {
    throw new AppError("IDEMPOTENCY_MISMATCH", { detail: `key ${key} was used for another body` });
  }
  if (!row.ticketId) throw new AppError("INTERNAL", { detail: `idempotency key ${key} has no ticket` });
  // The status link carries a token that must never be stored, so it is derived again.
  const stored = row.responseBody as StoredAnswer;
  return { kind: "replayed", ticketId: row.ticketId, answer: answerFor({ id: row.ticketId, ...stored }) };
}

/**
 * Takes the key for this transaction. A concurrent twin blocks on the primary key until the
 * first commits, then finds its row and answers with it; if the first rolls back, the twin
 * goes on to create the ticket itself.
 */
async function claimIdempotencyKey(
  tx: Prisma.TransactionClient,
  key: string,
  requestHash: string,
  now: Date,
): Promise<IntakeResult | null> {
  await tx.$executeRaw`DELETE FROM idempotency_keys WHERE key = ${key} AND expires_at <= ${now}`;
  const expiresAt = new Date(now.getTime() + IDEMPOTENCY_TTL_MS);
  const claimed = await tx.$executeRaw`
    INSERT INTO idempotency_keys (key, request_hash, response_status, response_body, created_at, expires_at)
    VALUES (${key}, ${requestHash}, 0, '{}'::jsonb, ${now}, ${expiresAt})
    ON CONFLICT (key) DO NOTHING`;
  if (claimed === 1) return null;
  const earlier = await earlierAnswer(tx, key, requestHash, now);
  if (!earlier) throw new AppError("CONFLICT", { detail: `idempotency key ${key} is held by an unfinished request` });
  return earlier;
}

async function rememberAnswer(tx: Prisma.TransactionClient, key: string, ticket: CreatedTicket): Promise<void> {
  const stored: StoredAnswer = { reference: ticket.reference, priority: ticket.priority, masked: ticket.masked };
  await tx.idempotencyKey.update({
    where: { key },
    data: { ticketId: ticket.id, responseStatus: 201, responseBody: stored },
  });
}

/** JSON with object keys sorted, so the same body hashes the same whatever its key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([name, item]) => `${JSON.stringify(name)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
