import "server-only";
import type { Prisma, PrismaClient } from "@/generated/prisma/client.ts";
import { AppError } from "@/lib/errors.ts";
import { startPeriodicTask } from "@/lib/server/background/periodic-task.ts";
import { settings } from "@/lib/server/config/settings.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { enforceRateLimits } from "@/lib/server/rate-limit.ts";
import { findAnswer, findStep, prefillFromAnswers, selfHelpFlow } from "@/lib/self-help/flows.ts";
import { SOLVED, TO_TICKET } from "@/lib/self-help/types.ts";
import { ticketDetailsSchemas } from "@/lib/validation/ticket.ts";
import type { LanguageCode, TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";
import { UUID_PATTERN } from "@/lib/validation/identifiers.ts";
import { clientNetwork, selfHelpRateLimits, visitorPseudonym } from "./visitor.ts";

/**
 * Anonymous self-help sessions. The session id is the capability: it is random (gen_random_uuid),
 * handed only to the browser that started the session (in an HttpOnly cookie) and required by
 * every read and write here. Nothing personal is stored: step keys and answer values that exist
 * in the category's flow, and a daily pseudonym of the client for the metrics (./visitor.ts).
 * Starting and answering are rate-limited per client.
 */

export type SelfHelpOutcomeCode = "IN_PROGRESS" | "DEFLECTED" | "ESCALATED" | "ABANDONED";

export type SelfHelpProgress = {
  sessionId: string;
  category: TicketCategoryCode;
  outcome: SelfHelpOutcomeCode;
  /** The step on screen, waiting for an answer; null once the flow has ended or led to the form. */
  currentStepKey: string | null;
  /** How many steps the visitor has seen so far, the current one included. */
  stepsShown: number;
  /** The last answer led to the ticket form. */
  readyForTicket: boolean;
};

export type AnswerOutcome = "next" | "solved" | "ticket" | "stale";

type StepRow = { position: number; stepKey: string; answer: string | null };

/** Opens a session for `category` and records its first step as shown. */
export async function startSelfHelpSession(
  category: TicketCategoryCode,
  language: LanguageCode,
  clientAddress: string,
  db: PrismaClient = prisma(),
  now = new Date(),
): Promise<string> {
  await enforceRateLimits([[selfHelpRateLimits().start, clientNetwork(clientAddress)]], db);
  const flow = selfHelpFlow(category);
  const session = await db.selfHelpSession.create({
    data: {
      category,
      language,
      clientHash: visitorPseudonym(clientAddress, now),
      startedAt: now,
      steps: { create: { position: 0, stepKey: flow.firstStep, shownAt: now } },
    },
    select: { id: true },
  });
  return session.id;
}

export async function selfHelpProgress(
  sessionId: string,
  category: TicketCategoryCode,
  db: PrismaClient = prisma(),
): Promise<SelfHelpProgress | null> {
  if (!UUID_PATTERN.test(sessionId)) return null;
  const session = await db.selfHelpSession.findFirst({
    where: { id: sessionId, category },
    select: {
      outcome: true,
      steps: { orderBy: { position: "desc" }, take: 1, select: { position: true, stepKey: true, answer: true } },
    },
  });
  if (!session) return null;
  const last = session.steps[0];
  const waiting = session.outcome === "IN_PROGRESS" && last && last.answer === null;
  return {
    sessionId,
    category,
    outcome: session.outcome,
    currentStepKey: waiting ? last.stepKey : null,
    stepsShown: last ? last.position + 1 : 0,
    readyForTicket:
      session.outcome === "IN_PROGRESS" && !!last?.answer && findAnswer(category, last.stepKey, last.answer)?.next === TO_TICKET,
  };
}

/**
 * Records the answer to the step on screen and shows the next one, all under a lock on the
 * session. Step keys and answers outside the flow are refused (nothing is stored); an answer to
 * a step that is no longer on screen (double click, stale tab) changes nothing.
 */
export async function answerSelfHelpStep(
  sessionId: string,
  category: TicketCategoryCode,
  choice: { stepKey: string; answer: string },
  clientAddress: string,
  db: PrismaClient = prisma(),
  now = new Date(),
): Promise<AnswerOutcome> {
  // Counted before anything is checked: forged answers cost the client like real ones.
  await enforceRateLimits([[selfHelpRateLimits().answer, clientNetwork(clientAddress)]], db);
  const step = findStep(category, choice.stepKey);
  const answer = step?.answers.find((candidate) => candidate.value === choice.answer);
  if (!step || !answer) throw new AppError("VALIDATION_FAILED", { detail: `no answer ${choice.answer} for step ${choice.stepKey}` });
  const next = answer.value === SOLVED ? undefined : answer.next;
  if (next && next !== TO_TICKET && !findStep(category, next)) {
    throw new AppError("INTERNAL", { detail: `flow ${category}: step ${step.key} leads to missing step ${next}` });
  }

  return db.$transaction(async (tx) => {
    const outcome = await lockSession(tx, sessionId, category);
    if (outcome === null) throw new AppError("NOT_FOUND", { detail: "self-help session unknown" });
    const last = await lastStep(tx, sessionId);
    if (outcome !== "IN_PROGRESS" || !last || last.answer !== null || last.stepKey !== step.key) return "stale";

    await tx.selfHelpStep.update({
      where: { sessionId_position: { sessionId, position: last.position } },
      data: { answer: answer.value, answeredAt: now },
    });
    if (answer.value === SOLVED) {
      await tx.selfHelpSession.update({ where: { id: sessionId }, data: { outcome: "DEFLECTED", endedAt: now } });
      return "solved";
    }
    if (!next || next === TO_TICKET) return "ticket";
    await tx.selfHelpStep.create({ data: { sessionId, position: last.position + 1, stepKey: next, shownAt: now } });
    return "next";
  });
}

/**
 * "Not solved after all": a deflected session becomes open again and the step the visitor
 * called solved is shown once more (as a new position, so the history stays true).
 */
export async function reopenSelfHelpSession(
  sessionId: string,
  category: TicketCategoryCode,
  db: PrismaClient = prisma(),
  now = new Date(),
): Promise<boolean> {
  if (!UUID_PATTERN.test(sessionId)) return false;
  return db.$transaction(async (tx) => {
    const outcome = await lockSession(tx, sessionId, category);
    if (outcome !== "DEFLECTED") return false;
    const last = await lastStep(tx, sessionId);
    if (!last) return false;
    await tx.selfHelpSession.update({ where: { id: sessionId }, data: { outcome: "IN_PROGRESS", endedAt: null } });
    await tx.selfHelpStep.create({ data: { sessionId, position: last.position + 1, stepKey: last.stepKey, shownAt: now } });
    return true;
  });
}

export type SelfHelpTicketContext = {
  sessionId: string;
  /** Answered steps in order, for the "already tried" list on the form. */
  stepsTried: { stepKey: string; answer: string }[];
  /** Category detail fields the answers established, checked against the details schema. */
  prefill: Record<string, string | boolean>;
};

/** What an open session carries into the ticket form; null when there is nothing to carry. */
export async function selfHelpTicketContext(
  sessionId: string,
  category: TicketCategoryCode,
  db: PrismaClient = prisma(),
): Promise<SelfHelpTicketContext | null> {
  if (!UUID_PATTERN.test(sessionId)) return null;
  const session = await db.selfHelpSession.findFirst({
    // An abandoned session is one whose visitor came back to the form after a long break.
    where: { id: sessionId, category, outcome: { in: ["IN_PROGRESS", "ABANDONED"] }, ticket: null },
    select: { steps: { orderBy: { position: "asc" }, select: { position: true, stepKey: true, answer: true } } },
  });
  if (!session) return null;
  const stepsTried = session.steps.flatMap((row) => (row.answer === null ? [] : [{ stepKey: row.stepKey, answer: row.answer }]));
  const fields = ticketDetailsSchemas[category].shape as Record<string, { safeParse(value: unknown): { success: boolean } }>;
  // A fact the form cannot hold is left out rather than shown back to the visitor as an error.
  const prefill = Object.fromEntries(
    Object.entries(prefillFromAnswers(category, stepsTried)).filter(([field, value]) => fields[field]?.safeParse(value).success),
  );
  return { sessionId, stepsTried, prefill };
}

const ABANDON_BATCH = 1000;

/**
 * Ends sessions nobody has touched since `idleSince` as ABANDONED (ended when last active), so
 * the deflection figures stop counting them as still open. Rows being answered right now are
 * locked and skipped; a visitor who comes back later can still file a ticket from the session.
 */
export async function markAbandonedSessions({ idleSince, db = prisma() }: { idleSince: Date; db?: PrismaClient }): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = await db.$queryRaw<{ id: string }[]>`
      WITH idle AS (
        SELECT s.id FROM self_help_sessions s
        WHERE s.outcome = 'IN_PROGRESS' AND s.started_at < ${idleSince}
          AND NOT EXISTS (
            SELECT 1 FROM self_help_steps st
            WHERE st.session_id = s.id AND coalesce(st.answered_at, st.shown_at) >= ${idleSince})
        LIMIT ${ABANDON_BATCH}
        FOR UPDATE SKIP LOCKED)
      UPDATE self_help_sessions s
      SET outcome = 'ABANDONED',
          ended_at = coalesce(
            (SELECT max(coalesce(st.answered_at, st.shown_at)) FROM self_help_steps st WHERE st.session_id = s.id),
            s.started_at)
      FROM idle WHERE s.id = idle.id
      RETURNING s.id`;
    total += rows.length;
    if (rows.length < ABANDON_BATCH) return total;
  }
}

/** Every 15 minutes, sessions idle for SELF_HELP_ABANDON_AFTER_MINUTES (default 1440, a day). */
export function startAbandonedSessionSweeper(): void {
  const idleMs = settings().SELF_HELP_ABANDON_AFTER_MINUTES * 60_000;
  startPeriodicTask("self-help", { intervalMs: 15 * 60_000 }, async () => {
    const count = await markAbandonedSessions({ idleSince: new Date(Date.now() - idleMs) });
    return count ? `marked ${count} idle self-help sessions abandoned` : null;
  });
}

async function lockSession(tx: Prisma.TransactionClient, sessionId: string, category: TicketCategoryCode) {
  if (!UUID_PATTERN.test(sessionId)) return null;
  const rows = await tx.$queryRaw<{ outcome: SelfHelpOutcomeCode }[]>`
    SELECT outcome::text AS outcome FROM self_help_sessions
    WHERE id = ${sessionId}::uuid AND category::text = ${category} FOR UPDATE`;
  return rows[0]?.outcome ?? null;
}

async function lastStep(tx: Prisma.TransactionClient, sessionId: string): Promise<StepRow | null> {
  return tx.selfHelpStep.findFirst({
    where: { sessionId },
    orderBy: { position: "desc" },
    select: { position: true, stepKey: true, answer: true },
  });
}
