import "server-only";
import { Prisma, type PrismaClient } from "@/generated/prisma/client.ts";
import { AppError } from "@/lib/errors.ts";
import { recordAdminChange } from "@/lib/server/admin/admin-transaction.ts";
import { agentTransaction, assertActor, type AgentActor } from "@/lib/server/auth/actor.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { VISITOR } from "@/lib/server/metrics/ticket-metrics.ts";
import { checkFlow, type FlowIssue, type NeedsUpdate } from "@/lib/self-help/flow-checks.ts";
import { categorySlug, findStep } from "@/lib/self-help/flows.ts";
import { SOLVED, STILL_STUCK, TO_TICKET, type RevisionFlow, type SelfHelpFlow, type SelfHelpStep } from "@/lib/self-help/types.ts";
import type { AddStepInput, SaveStepInput } from "@/lib/validation/self-help-content.ts";
import { TICKET_CATEGORIES, type LanguageCode, type TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";
import { flowFromRows, REVISION_SELECT, writeFlowSteps } from "./content.ts";

/**
 * The self-help content editor's data: drafts, publishing, history and rollback, for editors and
 * admins. Every function takes the AgentActor and checks it (role EDITOR, which admins pass) in
 * its own transaction or alongside its read. Changes to a category's content are serialized by
 * a lock on its self_help_flows row; a save names the draft version it was made on, and one made
 * on an older version is refused with who changed the draft since.
 */

type Tx = Prisma.TransactionClient;

export type Who = { name: string } | null;

export type RevisionSummary = {
  id: string;
  number: number;
  state: "DRAFT" | "PUBLISHED";
  live: boolean;
  basedOnNumber: number | null;
  note: string | null;
  createdBy: Who;
  createdAt: Date;
  updatedBy: Who;
  updatedAt: Date;
  publishedBy: Who;
  publishedAt: Date | null;
};

export type ContentOverviewRow = { category: TicketCategoryCode; live: RevisionSummary | null; draft: RevisionSummary | null };

export type DraftView = {
  flow: RevisionFlow;
  needsUpdate: Record<string, NeedsUpdate>;
  issues: FlowIssue[];
  /** the version a save or publish names (see saveDraftStep) */
  version: string;
  summary: RevisionSummary;
};

export type ContentEditorView = { category: TicketCategoryCode; live: RevisionFlow; draft: DraftView | null; history: RevisionSummary[] };

const SUMMARY_SELECT = {
  id: true, number: true, state: true, note: true, createdAt: true, updatedAt: true, publishedAt: true,
  basedOn: { select: { number: true } },
  createdBy: { select: { name: true } },
  updatedBy: { select: { name: true } },
  publishedBy: { select: { name: true } },
  liveFor: { select: { category: true } },
} as const satisfies Prisma.SelfHelpRevisionSelect;

function summarize(row: Prisma.SelfHelpRevisionGetPayload<{ select: typeof SUMMARY_SELECT }>): RevisionSummary {
  return {
    id: row.id,
    number: row.number,
    state: row.state,
    live: row.liveFor !== null,
    basedOnNumber: row.basedOn?.number ?? null,
    note: row.note,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt,
    publishedBy: row.publishedBy,
    publishedAt: row.publishedAt,
  };
}

/** Editor reads: the actor check runs alongside the read (see agentRead). */
async function editorRead<T>(actor: AgentActor, read: (db: PrismaClient) => Promise<T>, db: PrismaClient): Promise<T> {
  const [, result] = await Promise.all([assertActor(db, actor, "EDITOR"), read(db)]);
  return result;
}

/** Editor changes: one transaction that confirms the actor, then locks the category's content. */
function editorChange<T>(actor: AgentActor, category: TicketCategoryCode, work: (tx: Tx) => Promise<T>, db: PrismaClient): Promise<T> {
  return agentTransaction(
    actor,
    async (tx) => {
      await tx.$queryRaw`SELECT category FROM self_help_flows WHERE category::text = ${category} FOR UPDATE`;
      return work(tx);
    },
    db,
    "EDITOR",
  );
}

/** Every category with its live revision and its draft, if any. */
export async function contentOverview(actor: AgentActor, db: PrismaClient = prisma()): Promise<ContentOverviewRow[]> {
  const rows = await editorRead(
    actor,
    (read) => read.selfHelpRevision.findMany({ where: { OR: [{ state: "DRAFT" }, { liveFor: { isNot: null } }] }, select: { ...SUMMARY_SELECT, category: true } }),
    db,
  );
  return TICKET_CATEGORIES.map((category) => {
    const mine = rows.filter((row) => row.category === category).map((row) => summarize(row));
    return { category, live: mine.find((row) => row.live) ?? null, draft: mine.find((row) => row.state === "DRAFT") ?? null };
  });
}

/** A category's live flow, its draft with the publish checks, and its history (newest first). */
export async function contentEditorView(actor: AgentActor, category: TicketCategoryCode, db: PrismaClient = prisma()): Promise<ContentEditorView> {
  const [flowRow, revisions] = await editorRead(
    actor,
    (read) =>
      Promise.all([
        read.selfHelpFlow.findUnique({ where: { category }, select: { publishedRevision: { select: REVISION_SELECT } } }),
        read.selfHelpRevision.findMany({ where: { category }, orderBy: { number: "desc" }, select: SUMMARY_SELECT }),
      ]),
    db,
  );
  if (!flowRow?.publishedRevision) throw new AppError("INTERNAL", { detail: `no published self-help flow for ${category}` });
  const history = revisions.map((row) => summarize(row));
  const draftSummary = history.find((row) => row.state === "DRAFT");
  let draft: DraftView | null = null;
  if (draftSummary) {
    const row = await db.selfHelpRevision.findUniqueOrThrow({ where: { id: draftSummary.id }, select: REVISION_SELECT });
    const { flow, needsUpdate } = flowFromRows(row);
    draft = { flow, needsUpdate: Object.fromEntries(needsUpdate), issues: checkFlow(flow, needsUpdate), version: draftSummary.updatedAt.toISOString(), summary: draftSummary };
  }
  return { category, live: flowFromRows(flowRow.publishedRevision).flow, draft, history };
}

/** One revision of the category (for the preview and the diff), or null. */
export async function contentRevision(actor: AgentActor, category: TicketCategoryCode, revisionId: string, db: PrismaClient = prisma()): Promise<RevisionFlow | null> {
  const row = await editorRead(actor, (read) => read.selfHelpRevision.findFirst({ where: { id: revisionId, category }, select: REVISION_SELECT }), db);
  return row ? flowFromRows(row).flow : null;
}

async function nextNumber(tx: Tx, category: TicketCategoryCode): Promise<number> {
  const last = await tx.selfHelpRevision.findFirst({ where: { category }, orderBy: { number: "desc" }, select: { number: true } });
  return (last?.number ?? 0) + 1;
}

async function liveRevision(tx: Tx, category: TicketCategoryCode) {
  const row = await tx.selfHelpFlow.findUnique({ where: { category }, select: { publishedRevision: { select: REVISION_SELECT } } });
  if (!row?.publishedRevision) throw new AppError("INTERNAL", { detail: `no published self-help flow for ${category}` });
  return row.publishedRevision;
}

/** Starts the category's draft as a copy of the live revision; an existing draft is kept. */
export async function startDraft(actor: AgentActor, category: TicketCategoryCode, db: PrismaClient = prisma()): Promise<{ revisionId: string }> {
  return editorChange(
    actor,
    category,
    async (tx) => {
      const existing = await tx.selfHelpRevision.findFirst({ where: { category, state: "DRAFT" }, select: { id: true } });
      if (existing) return { revisionId: existing.id };
      const live = await liveRevision(tx, category);
      const number = await nextNumber(tx, category);
      const draft = await tx.selfHelpRevision.create({
        data: { category, number, firstStep: live.firstStep, basedOnId: live.id, createdById: actor.id, updatedById: actor.id },
        select: { id: true },
      });
      await writeFlowSteps(tx, draft.id, flowFromRows(live).flow);
      await recordAdminChange(tx, actor, { action: "self_help.draft_started", field: category, toValue: String(number) });
      return { revisionId: draft.id };
    },
    db,
  );
}

/** The draft, locked for a change; refuses a change made on an older version than the draft's. */
async function draftForChange(tx: Tx, category: TicketCategoryCode, version?: string) {
  const draft = await tx.selfHelpRevision.findFirst({
    where: { category, state: "DRAFT" },
    select: { ...REVISION_SELECT, updatedAt: true, updatedBy: { select: { name: true } } },
  });
  if (!draft) throw new AppError("NOT_FOUND", { detail: `no draft for ${category}` });
  if (version !== undefined && draft.updatedAt.toISOString() !== version) {
    throw new AppError("CONFLICT", { detail: `draft ${draft.id} changed by ${draft.updatedBy?.name ?? "?"} since ${version}` });
  }
  return draft;
}

async function touchDraft(tx: Tx, actor: AgentActor, revisionId: string, now: Date): Promise<string> {
  await tx.selfHelpRevision.update({ where: { id: revisionId }, data: { updatedAt: now, updatedById: actor.id } });
  return now.toISOString();
}

function languageTexts(step: Pick<SelfHelpStep, "title" | "body" | "checklist" | "answers">, language: LanguageCode): string {
  return JSON.stringify([step.title[language], step.body[language], step.checklist?.[language] ?? [], step.answers.map((answer) => [answer.value, answer.label[language]])]);
}

/**
 * Saves one step of the draft, both languages and its answers. Editing one language's text marks
 * the other as needing an update, unless it was edited too or the edit was itself the awaited
 * update; editing a language clears its own mark. Keys never change; answers are saved as given
 * (missing ones are removed).
 */
export async function saveDraftStep(actor: AgentActor, input: SaveStepInput, db: PrismaClient = prisma(), now = new Date()): Promise<{ version: string }> {
  return editorChange(
    actor,
    input.category,
    async (tx) => {
      const draft = await draftForChange(tx, input.category, input.version);
      const { flow, needsUpdate } = flowFromRows(draft);
      const before = findStep(flow, input.stepKey);
      if (!before) throw new AppError("NOT_FOUND", { detail: `no step ${input.stepKey} in the ${input.category} draft` });
      const after: SelfHelpStep = {
        key: before.key,
        title: { ja: input.titleJa, en: input.titleEn },
        body: { ja: input.bodyJa, en: input.bodyEn },
        ...(input.checklistJa.length || input.checklistEn.length ? { checklist: { ja: input.checklistJa, en: input.checklistEn } } : {}),
        ...(before.tool ? { tool: before.tool } : {}),
        ...(input.urgent ? { urgent: true } : {}),
        answers: input.answers.map((answer) => ({
          value: answer.value,
          label: { ja: answer.labelJa, en: answer.labelEn },
          ...(answer.value !== SOLVED && answer.next ? { next: answer.next } : {}),
          ...(answer.prefill ? { prefill: answer.prefill } : {}),
        })),
      };
      const jaChanged = languageTexts(before, "ja") !== languageTexts(after, "ja");
      const enChanged = languageTexts(before, "en") !== languageTexts(after, "en");
      const flags = needsUpdate.get(before.key) ?? {};
      // An edit to a language that was waiting for an update is that update, not news for the other.
      const marks = {
        jaNeedsUpdate: jaChanged ? false : !!flags.ja || (enChanged && !flags.en),
        enNeedsUpdate: enChanged ? false : !!flags.en || (jaChanged && !flags.ja),
      };
      await replaceStep(tx, draft.id, flow, after, marks);
      await recordAdminChange(tx, actor, { action: "self_help.step_saved", field: input.category, toValue: before.key, data: { revision: draft.number } });
      return { version: await touchDraft(tx, actor, draft.id, now) };
    },
    db,
  );
}

/** Rewrites one step and its answers in place (same position), keeping the other steps' rows. */
async function replaceStep(tx: Tx, revisionId: string, flow: SelfHelpFlow, step: SelfHelpStep, marks: { jaNeedsUpdate: boolean; enNeedsUpdate: boolean }) {
  const position = flow.steps.findIndex((candidate) => candidate.key === step.key);
  await tx.selfHelpContentStep.delete({ where: { revisionId_key: { revisionId, key: step.key } } });
  await writeFlowSteps(tx, revisionId, { ...flow, steps: [step] }, new Map([[step.key, { ja: marks.jaNeedsUpdate, en: marks.enNeedsUpdate }]]));
  await tx.selfHelpContentStep.update({ where: { revisionId_key: { revisionId, key: step.key } }, data: { position } });
}

/** Adds a step at the end of the draft: "solved" and "still stuck" (to the form) until edited. */
export async function addDraftStep(actor: AgentActor, input: AddStepInput, db: PrismaClient = prisma(), now = new Date()): Promise<{ stepKey: string }> {
  const key = `${categorySlug(input.category)}.${input.name}`;
  return editorChange(
    actor,
    input.category,
    async (tx) => {
      const draft = await draftForChange(tx, input.category);
      if (draft.steps.some((step) => step.key === key)) {
        throw new AppError("CONFLICT", { detail: `step ${key} exists`, params: { field: "name", fieldMessage: "stepExists" } });
      }
      const step: SelfHelpStep = {
        key,
        title: { ja: input.titleJa, en: input.titleEn },
        body: { ja: [], en: [] },
        answers: [
          { value: SOLVED, label: { ja: "これで解決しました", en: "This solved it" } },
          { value: STILL_STUCK, label: { ja: "まだ解決しません", en: "Still stuck" }, next: TO_TICKET },
        ],
      };
      await writeFlowSteps(tx, draft.id, { category: input.category, firstStep: draft.firstStep, steps: [step] });
      await tx.selfHelpContentStep.update({ where: { revisionId_key: { revisionId: draft.id, key } }, data: { position: draft.steps.length } });
      await recordAdminChange(tx, actor, { action: "self_help.step_added", field: input.category, toValue: key, data: { revision: draft.number } });
      await touchDraft(tx, actor, draft.id, now);
      return { stepKey: key };
    },
    db,
  );
}

/** Removes a step from the draft (answers leading to it then show as dangling in the checks). */
export async function removeDraftStep(actor: AgentActor, input: { category: TicketCategoryCode; stepKey: string }, db: PrismaClient = prisma(), now = new Date()): Promise<void> {
  await editorChange(
    actor,
    input.category,
    async (tx) => {
      const draft = await draftForChange(tx, input.category);
      const { count } = await tx.selfHelpContentStep.deleteMany({ where: { revisionId: draft.id, key: input.stepKey } });
      if (!count) throw new AppError("NOT_FOUND", { detail: `no step ${input.stepKey} in the ${input.category} draft` });
      await recordAdminChange(tx, actor, { action: "self_help.step_removed", field: input.category, toValue: input.stepKey, data: { revision: draft.number } });
      await touchDraft(tx, actor, draft.id, now);
    },
    db,
  );
}

/** "Still right": clears a language's needs-update mark without changing its text. */
export async function markLanguageChecked(
  actor: AgentActor,
  input: { category: TicketCategoryCode; stepKey: string; language: LanguageCode },
  db: PrismaClient = prisma(),
  now = new Date(),
): Promise<void> {
  await editorChange(
    actor,
    input.category,
    async (tx) => {
      const draft = await draftForChange(tx, input.category);
      await tx.selfHelpContentStep.updateMany({
        where: { revisionId: draft.id, key: input.stepKey },
        data: input.language === "ja" ? { jaNeedsUpdate: false } : { enNeedsUpdate: false },
      });
      await touchDraft(tx, actor, draft.id, now);
    },
    db,
  );
}

export type PublishResult = { published: true; number: number } | { published: false; issues: FlowIssue[] };

/**
 * Publishes the draft if it passes every check (lib/self-help/flow-checks.ts): customers see it
 * from their next page. Refused with the issues, each naming its step, otherwise.
 */
export async function publishDraft(actor: AgentActor, input: { category: TicketCategoryCode; version: string }, db: PrismaClient = prisma(), now = new Date()): Promise<PublishResult> {
  return editorChange(
    actor,
    input.category,
    async (tx) => {
      const draft = await draftForChange(tx, input.category, input.version);
      const { flow, needsUpdate } = flowFromRows(draft);
      const issues = checkFlow(flow, needsUpdate);
      if (issues.length) return { published: false, issues };
      await makeLive(tx, actor, input.category, draft.id, now);
      await recordAdminChange(tx, actor, { action: "self_help.published", field: input.category, toValue: String(draft.number) });
      return { published: true, number: draft.number };
    },
    db,
  );
}

async function makeLive(tx: Tx, actor: AgentActor, category: TicketCategoryCode, revisionId: string, now: Date): Promise<void> {
  await tx.selfHelpRevision.update({ where: { id: revisionId }, data: { state: "PUBLISHED", publishedAt: now, publishedById: actor.id } });
  await tx.selfHelpFlow.update({ where: { category }, data: { publishedRevisionId: revisionId } });
}

/** Throws the draft away; the live revision is unchanged. */
export async function discardDraft(actor: AgentActor, category: TicketCategoryCode, db: PrismaClient = prisma()): Promise<void> {
  await editorChange(
    actor,
    category,
    async (tx) => {
      const draft = await draftForChange(tx, category);
      await tx.selfHelpRevision.delete({ where: { id: draft.id } });
      await recordAdminChange(tx, actor, { action: "self_help.draft_discarded", field: category, fromValue: String(draft.number) });
    },
    db,
  );
}

/**
 * Puts an earlier published revision's content back live, as a new revision (so the history
 * keeps every step of the way): customers see it at once. A draft in progress is kept.
 */
export async function rollbackToRevision(
  actor: AgentActor,
  input: { category: TicketCategoryCode; revisionId: string },
  db: PrismaClient = prisma(),
  now = new Date(),
): Promise<{ number: number }> {
  return editorChange(
    actor,
    input.category,
    async (tx) => {
      const old = await tx.selfHelpRevision.findFirst({ where: { id: input.revisionId, category: input.category, state: "PUBLISHED" }, select: REVISION_SELECT });
      if (!old) throw new AppError("NOT_FOUND", { detail: `no published revision ${input.revisionId} of ${input.category}` });
      const number = await nextNumber(tx, input.category);
      const restored = await tx.selfHelpRevision.create({
        data: {
          category: input.category, number, state: "PUBLISHED", firstStep: old.firstStep, basedOnId: old.id, note: `rollback:${old.number}`,
          createdById: actor.id, updatedById: actor.id, createdAt: now, updatedAt: now,
        },
        select: { id: true },
      });
      await writeFlowSteps(tx, restored.id, flowFromRows(old).flow);
      await makeLive(tx, actor, input.category, restored.id, now);
      await recordAdminChange(tx, actor, { action: "self_help.rolled_back", field: input.category, fromValue: String(old.number), toValue: String(number) });
      return { number };
    },
    db,
  );
}

export type StepFigures = { reached: number; solved: number; continued: number; abandoned: number };

/**
 * Per step, for each of `revisionIds`: the visitors (as the metrics count them) who were shown
 * the step from that revision, who answered it "solved", who went on (another answer), and
 * whose session was abandoned on it. Answers gone back past (undone) count as neither.
 */
export async function stepFigures(
  actor: AgentActor,
  category: TicketCategoryCode,
  revisionIds: readonly string[],
  db: PrismaClient = prisma(),
): Promise<Map<string, Map<string, StepFigures>>> {
  const rows = revisionIds.length
    ? await editorRead(
        actor,
        (read) => read.$queryRaw<{ revision_id: string; step_key: string; reached: bigint; solved: bigint; continued: bigint; abandoned: bigint }[]>`
          SELECT st.revision_id::text AS revision_id, st.step_key,
            count(DISTINCT ${VISITOR}) AS reached,
            count(DISTINCT ${VISITOR}) FILTER (WHERE st.undone_at IS NULL AND st.answer = ${SOLVED}) AS solved,
            count(DISTINCT ${VISITOR}) FILTER (WHERE st.undone_at IS NULL AND st.answer <> ${SOLVED}) AS continued,
            count(DISTINCT ${VISITOR}) FILTER (WHERE st.undone_at IS NULL AND st.answer IS NULL AND s.outcome = 'ABANDONED') AS abandoned
          FROM self_help_steps st JOIN self_help_sessions s ON s.id = st.session_id
          WHERE st.revision_id IN (${Prisma.join(revisionIds.map((id) => Prisma.sql`${id}::uuid`))}) AND s.category::text = ${category}
          GROUP BY 1, 2`,
        db,
      )
    : [];
  const figures = new Map<string, Map<string, StepFigures>>(revisionIds.map((id) => [id, new Map()]));
  for (const row of rows) {
    figures.get(row.revision_id)?.set(row.step_key, {
      reached: Number(row.reached),
      solved: Number(row.solved),
      continued: Number(row.continued),
      abandoned: Number(row.abandoned),
    });
  }
  return figures;
}
