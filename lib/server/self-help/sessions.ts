import "server-only";
import type { Prisma, PrismaClient } from "@/generated/prisma/client.ts";
import { AppError } from "@/lib/errors.ts";
import { startPeriodicTask } from "@/lib/server/background/periodic-task.ts";
import { settings } from "@/lib/server/config/settings.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { enforceRateLimits } from "@/lib/server/rate-limit.ts";
import { stepKeyPattern } from "@/lib/self-help/flow-checks.ts";
import { findAnswer, findStep, prefillFromAnswers } from "@/lib/self-help/flows.ts";
import { SOLVED, TO_TICKET, type RevisionFlow } from "@/lib/self-help/types.ts";
import { flowsOfRecordedSteps, publishedFlow, revisionFlow } from "./content.ts";
import { ticketDetailsSchemas } from "@/lib/validation/ticket.ts";
import type { LanguageCode, TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";
import { UUID_PATTERN } from "@/lib/validation/identifiers.ts";
import { clientNetwork, selfHelpRateLimits, visitorPseudonym } from "./visitor.ts";

/**
 * Anonymous self-help sessions. The session id is the capability: it is random (gen_random_uuid),
 * handed only to the browser that started the session (in an HttpOnly cookie) and required by
 * every read and write here. Nothing personal is stored: step keys and answer values that exist
 * in the category's flow, the content revision each step was shown from, and a daily pseudonym
 * of the client for the metrics (./visitor.ts). Starting and answering are rate-limited per client.
 *
 * A session follows the published revision, so a fix reaches visitors already on their way; a
 * step the published revision no longer has is still shown and answered in the revision the
 * visitor was shown it from (flowForStep).
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
  /** The steps on the visitor's path in order (steps gone back past are not on it). */
  path: StepRow[];
};

export type AnswerOutcome = "next" | "solved" | "ticket" | "stale" | "closed";

/**
 * What showing a step did to the recorded path: nothing (it is the step waiting for an answer,
 * or the session cannot change), went back to it (the answers from it on are undone), took the
 * undone answer that led to it again (Forward), or went to it from elsewhere (a shared link).
 */
export type VisitOutcome = "current" | "rewound" | "redone" | "jumped" | "unchanged";

type StepRow = { position: number; stepKey: string; answer: string | null; revisionId: string | null };

const STEP_ROW = { position: true, stepKey: true, answer: true, revisionId: true } as const;

/**
 * The flow to show and answer `stepKey` in: the published revision, or, for a step it no longer
 * has, the revision the session was last shown that step from. Null when neither has it.
 */
export async function flowForStep(
  category: TicketCategoryCode,
  stepKey: string,
  path: readonly Pick<StepRow, "stepKey" | "revisionId">[],
  db: PrismaClient | Prisma.TransactionClient = prisma(),
): Promise<RevisionFlow | null> {
  const live = await publishedFlow(category, db);
  if (findStep(live, stepKey)) return live;
  const revisionId = path.findLast((row) => row.stepKey === stepKey)?.revisionId;
  const shown = revisionId ? await revisionFlow(revisionId, db) : null;
  return shown && findStep(shown, stepKey) ? shown : null;
}

/**
 * Opens a session for `category` and records its first step as shown; `atStep` starts it at
 * another step of the flow instead (a visitor who came by a step's own URL, or a suggestion:
 * `entry` SUGGESTION).
 */
export async function startSelfHelpSession(
  category: TicketCategoryCode,
  language: LanguageCode,
  clientAddress: string,
  db: PrismaClient = prisma(),
  now = new Date(),
  { atStep, entry = "FLOW" }: { atStep?: string; entry?: "FLOW" | "SUGGESTION" } = {},
): Promise<string> {
  await enforceRateLimits([[selfHelpRateLimits().start, clientNetwork(clientAddress)]], db);
  const flow = await publishedFlow(category, db);
  if (atStep !== undefined && !findStep(flow, atStep)) throw new AppError("VALIDATION_FAILED", { detail: `no step ${atStep} in ${category}` });
  const session = await db.selfHelpSession.create({
    data: {
      category,
      language,
      clientHash: visitorPseudonym(clientAddress, now),
      startedAt: now,
      entry,
      steps: { create: { position: 0, stepKey: atStep ?? flow.firstStep, shownAt: now, revisionId: flow.revisionId } },
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
      steps: { where: { undoneAt: null }, orderBy: { position: "asc" }, select: STEP_ROW },
    },
  });
  if (!session) return null;
  const last = session.steps.at(-1);
  const waiting = session.outcome === "IN_PROGRESS" && last && last.answer === null;
  const answeredLast = session.outcome === "IN_PROGRESS" && last?.answer ? last : null;
  const lastFlow = answeredLast ? await flowForStep(category, answeredLast.stepKey, session.steps, db) : null;
  return {
    sessionId,
    category,
    outcome: session.outcome,
    currentStepKey: waiting ? last.stepKey : null,
    stepsShown: session.steps.length,
    readyForTicket: !!answeredLast?.answer && findAnswer(lastFlow ?? undefined, answeredLast.stepKey, answeredLast.answer)?.next === TO_TICKET,
    path: session.steps,
  };
}

/**
 * Records the answer to the step on screen and shows the next one, all under a lock on the
 * session. Step keys and answers outside the flow are refused (nothing is stored). An answer to
 * another step (a page the browser's Back kept, without JavaScript to say so) first goes to that
 * step, as visiting it would have. The answer already recorded for that step (a double click)
 * changes nothing ("stale"); a session that has ended takes no other answer ("closed").
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
  // Only a well-formed key can be in any revision; anything else goes no further than this.
  if (!stepKeyPattern(category).test(choice.stepKey)) throw new AppError("VALIDATION_FAILED", { detail: "malformed step key" });
  const path = UUID_PATTERN.test(sessionId) ? await db.selfHelpStep.findMany({ where: { sessionId, stepKey: choice.stepKey }, select: STEP_ROW }) : [];
  const flow = await flowForStep(category, choice.stepKey, path, db);
  const step = findStep(flow ?? undefined, choice.stepKey);
  const answer = step?.answers.find((candidate) => candidate.value === choice.answer);
  if (!flow || !step || !answer) throw new AppError("VALIDATION_FAILED", { detail: `no answer ${choice.answer} for step ${choice.stepKey}` });
  const next = answer.value === SOLVED ? undefined : answer.next;
  if (next && next !== TO_TICKET && !findStep(flow, next)) {
    throw new AppError("INTERNAL", { detail: `flow ${category}: step ${step.key} leads to missing step ${next}` });
  }

  return db.$transaction(async (tx) => {
    const outcome = await lockSession(tx, sessionId, category);
    if (outcome === null) throw new AppError("NOT_FOUND", { detail: "self-help session unknown" });
    let active = await activePath(tx, sessionId);
    let last = active.at(-1);
    if (outcome !== "IN_PROGRESS" || last?.stepKey !== step.key || last.answer !== null) {
      // A double submit, or the same answer again from a page kept by Back, changes nothing.
      if (active.findLast((row) => row.stepKey === step.key)?.answer === answer.value) return "stale";
      if (outcome !== "IN_PROGRESS") return "closed";
      await moveTo(tx, sessionId, flow, outcome, active, step.key, now);
      active = await activePath(tx, sessionId);
      last = active.at(-1);
      if (last?.stepKey !== step.key || last.answer !== null) return "stale";
    }
    return recordAnswer(tx, sessionId, last.position, answer.value, next, flow.revisionId, now);
  });
}

/** Records `answer` on the row at `position` and shows `next` (from revision `revisionId`). */
async function recordAnswer(
  tx: Prisma.TransactionClient,
  sessionId: string,
  position: number,
  answer: string,
  next: string | undefined,
  revisionId: string,
  now: Date,
): Promise<AnswerOutcome> {
  const nextPosition = (await lastPosition(tx, sessionId)) + 1;
  await tx.selfHelpStep.update({ where: { sessionId_position: { sessionId, position } }, data: { answer, answeredAt: now } });
  if (answer === SOLVED) {
    await tx.selfHelpSession.update({ where: { id: sessionId }, data: { outcome: "DEFLECTED", endedAt: now } });
    return "solved";
  }
  if (!next || next === TO_TICKET) return "ticket";
  await tx.selfHelpStep.create({ data: { sessionId, position: nextPosition, stepKey: next, shownAt: now, revisionId } });
  return "next";
}

/**
 * The visitor is looking at `stepKey` (its own URL: after Back or Forward, a refresh, a shared
 * link); the recorded path follows. A step earlier on the path is gone back to: the answers from
 * it on are undone (kept as history, off the path) and it is shown again, which also reopens a
 * session that ended solved there. The step an undone answer of the step on screen led to is
 * reached again by that answer (Forward). Any other step of the flow is shown after the current
 * one. Only changes are counted against the client's answer limit.
 */
export async function visitSelfHelpStep(
  sessionId: string,
  category: TicketCategoryCode,
  stepKey: string,
  clientAddress: string,
  db: PrismaClient = prisma(),
  now = new Date(),
): Promise<VisitOutcome> {
  if (!UUID_PATTERN.test(sessionId) || !stepKeyPattern(category).test(stepKey)) return "unchanged";
  const flow = await flowForStep(category, stepKey, await db.selfHelpStep.findMany({ where: { sessionId, stepKey }, select: STEP_ROW }), db);
  if (!flow) return "unchanged";
  const planned = await planVisit(db, sessionId, category, stepKey);
  if (planned === "current" || planned === "unchanged") return planned;
  await enforceRateLimits([[selfHelpRateLimits().answer, clientNetwork(clientAddress)]], db);
  return db.$transaction(async (tx) => {
    const outcome = await lockSession(tx, sessionId, category);
    if (outcome !== "IN_PROGRESS" && outcome !== "DEFLECTED") return "unchanged";
    return moveTo(tx, sessionId, flow, outcome, await activePath(tx, sessionId), stepKey, now);
  });
}

/**
 * "Previous step" on `stepKey`: goes back to the step before it on the path (before the current
 * one when `stepKey` is not on it) and returns that step's key, or null at the start of the path.
 */
export async function stepBackFrom(
  sessionId: string,
  category: TicketCategoryCode,
  stepKey: string,
  clientAddress: string,
  db: PrismaClient = prisma(),
  now = new Date(),
): Promise<string | null> {
  const progress = await selfHelpProgress(sessionId, category, db);
  if (!progress) return null;
  const index = progress.path.findLastIndex((row) => row.stepKey === stepKey);
  const previous = progress.path[(index === -1 ? progress.path.length : index) - 1];
  if (!previous) return null;
  await visitSelfHelpStep(sessionId, category, previous.stepKey, clientAddress, db, now);
  return previous.stepKey;
}

/** Whether showing `stepKey` changes the path, read without a lock (most visits change nothing). */
async function planVisit(db: PrismaClient, sessionId: string, category: TicketCategoryCode, stepKey: string) {
  const session = await db.selfHelpSession.findFirst({ where: { id: sessionId, category }, select: { outcome: true } });
  if (!session || (session.outcome !== "IN_PROGRESS" && session.outcome !== "DEFLECTED")) return "unchanged" as const;
  const path = await activePath(db, sessionId);
  const last = path.at(-1);
  if (session.outcome === "IN_PROGRESS" && last?.stepKey === stepKey && last.answer === null) return "current" as const;
  if (session.outcome === "DEFLECTED" && !path.some((row) => row.stepKey === stepKey)) return "unchanged" as const;
  return "change" as const;
}

/** The change planVisit asked for, under the session's lock (see visitSelfHelpStep); `flow` has `stepKey`. */
async function moveTo(
  tx: Prisma.TransactionClient,
  sessionId: string,
  flow: RevisionFlow,
  outcome: SelfHelpOutcomeCode,
  path: StepRow[],
  stepKey: string,
  now: Date,
): Promise<VisitOutcome> {
  const last = path.at(-1);
  if (!last) return "unchanged";
  if (outcome === "IN_PROGRESS" && last.stepKey === stepKey && last.answer === null) return "current";
  const earlier = path.findLast((row) => row.stepKey === stepKey);
  if (earlier) {
    await tx.selfHelpStep.updateMany({ where: { sessionId, undoneAt: null, position: { gte: earlier.position } }, data: { undoneAt: now } });
    if (outcome === "DEFLECTED") await tx.selfHelpSession.update({ where: { id: sessionId }, data: { outcome: "IN_PROGRESS", endedAt: null } });
    await tx.selfHelpStep.create({
      data: { sessionId, position: (await lastPosition(tx, sessionId)) + 1, stepKey, shownAt: now, revisionId: flow.revisionId },
    });
    return "rewound";
  }
  if (outcome !== "IN_PROGRESS") return "unchanged";
  if (last.answer === null) {
    const undone = await tx.selfHelpStep.findMany({
      where: { sessionId, stepKey: last.stepKey, undoneAt: { not: null }, answer: { not: null } },
      orderBy: { position: "desc" },
      select: { answer: true },
    });
    const redo = undone.find((row) => row.answer !== SOLVED && findAnswer(flow, last.stepKey, row.answer ?? "")?.next === stepKey);
    if (redo?.answer) {
      await recordAnswer(tx, sessionId, last.position, redo.answer, stepKey, flow.revisionId, now);
      return "redone";
    }
  }
  await tx.selfHelpStep.create({
    data: { sessionId, position: (await lastPosition(tx, sessionId)) + 1, stepKey, shownAt: now, revisionId: flow.revisionId },
  });
  return "jumped";
}

/**
 * "Not solved after all": a deflected session becomes open again and the step the visitor
 * called solved is shown once more, its SOLVED answer undone (as a new position, so the history
 * stays true). Returns that step's key, or null when the session was not deflected.
 */
export async function reopenSelfHelpSession(
  sessionId: string,
  category: TicketCategoryCode,
  db: PrismaClient = prisma(),
  now = new Date(),
): Promise<string | null> {
  if (!UUID_PATTERN.test(sessionId)) return null;
  return db.$transaction(async (tx) => {
    const outcome = await lockSession(tx, sessionId, category);
    if (outcome !== "DEFLECTED") return null;
    const path = await activePath(tx, sessionId);
    const last = path.at(-1);
    const flow = last ? await flowForStep(category, last.stepKey, path, tx) : null;
    if (!last || !flow) return null;
    await moveTo(tx, sessionId, flow, outcome, path, last.stepKey, now);
    return last.stepKey;
  });
}

export type SelfHelpTicketContext = {
  sessionId: string;
  /** Answered steps in order, for the "already tried" list on the form. */
  stepsTried: StepRow[];
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
    select: { steps: { where: { undoneAt: null }, orderBy: { position: "asc" }, select: STEP_ROW } },
  });
  if (!session) return null;
  const answered = session.steps.flatMap((row) => (row.answer === null ? [] : [{ ...row, answer: row.answer }]));
  const flowOf = await flowsOfRecordedSteps(category, answered, db);
  const fields = ticketDetailsSchemas[category].shape as Record<string, { safeParse(value: unknown): { success: boolean } }>;
  // A fact the form cannot hold is left out rather than shown back to the visitor as an error.
  const prefill = Object.fromEntries(
    Object.entries(prefillFromAnswers(flowOf, answered)).filter(([field, value]) => fields[field]?.safeParse(value).success),
  );
  return { sessionId, stepsTried: answered, prefill };
}

/**
 * The visitor filed a ticket after all: the sessions of the suggestions this browser opened did
 * not deflect it (see the metrics' deflection by suggestion). Returns how many were marked.
 */
export async function markSuggestionSessionsFiled(sessionIds: readonly string[], db: PrismaClient = prisma(), now = new Date()): Promise<number> {
  const ids = sessionIds.filter((id) => UUID_PATTERN.test(id));
  if (!ids.length) return 0;
  const { count } = await db.selfHelpSession.updateMany({
    where: { id: { in: ids }, entry: "SUGGESTION", outcome: { in: ["IN_PROGRESS", "ABANDONED", "DEFLECTED"] } },
    data: { outcome: "ESCALATED", endedAt: now },
  });
  return count;
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

async function activePath(db: PrismaClient | Prisma.TransactionClient, sessionId: string): Promise<StepRow[]> {
  return db.selfHelpStep.findMany({ where: { sessionId, undoneAt: null }, orderBy: { position: "asc" }, select: STEP_ROW });
}

/** The highest position taken, undone rows included (positions are never reused). */
async function lastPosition(tx: Prisma.TransactionClient, sessionId: string): Promise<number> {
  const row = await tx.selfHelpStep.findFirst({ where: { sessionId }, orderBy: { position: "desc" }, select: { position: true } });
  return row?.position ?? -1;
}
