import "server-only";
import type { Prisma, PrismaClient } from "@/generated/prisma/client.ts";
import { AppError } from "@/lib/errors.ts";
import { prisma } from "@/lib/server/db/client.ts";
import type { NeedsUpdate } from "@/lib/self-help/flow-checks.ts";
import { answerLabel, findStep, stepTitle } from "@/lib/self-help/flows.ts";
import type { RevisionFlow, SelfHelpFlow, SelfHelpStep, StepTool } from "@/lib/self-help/types.ts";
import { TICKET_CATEGORIES, type LanguageCode, type TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";

/**
 * Reading the self-help flows from the database. Each category's flow row names the published
 * revision, read at every call, so a publish on any instance shows at once everywhere; what a
 * published revision holds never changes, so its content is kept here once loaded, by id.
 */

type Db = PrismaClient | Prisma.TransactionClient;

const STEP_SELECT = {
  key: true, titleJa: true, titleEn: true, bodyJa: true, bodyEn: true, checklistJa: true, checklistEn: true,
  tool: true, urgent: true, jaNeedsUpdate: true, enNeedsUpdate: true,
  answers: { orderBy: { position: "asc" }, select: { value: true, labelJa: true, labelEn: true, next: true, prefill: true } },
} as const satisfies Prisma.SelfHelpContentStepSelect;

export const REVISION_SELECT = {
  id: true, category: true, number: true, state: true, firstStep: true,
  steps: { orderBy: { position: "asc" }, select: STEP_SELECT },
} as const satisfies Prisma.SelfHelpRevisionSelect;

type RevisionRow = Prisma.SelfHelpRevisionGetPayload<{ select: typeof REVISION_SELECT }>;

/** A revision's rows as the flow the pages render, and which languages of each step wait for an update. */
export function flowFromRows(revision: RevisionRow): { flow: RevisionFlow; needsUpdate: Map<string, NeedsUpdate> } {
  const needsUpdate = new Map<string, NeedsUpdate>();
  const steps = revision.steps.map((row): SelfHelpStep => {
    if (row.jaNeedsUpdate || row.enNeedsUpdate) needsUpdate.set(row.key, { ja: row.jaNeedsUpdate, en: row.enNeedsUpdate });
    return {
      key: row.key,
      title: { ja: row.titleJa, en: row.titleEn },
      body: { ja: row.bodyJa, en: row.bodyEn },
      ...(row.checklistJa.length || row.checklistEn.length ? { checklist: { ja: row.checklistJa, en: row.checklistEn } } : {}),
      ...(row.tool ? { tool: row.tool as StepTool } : {}),
      ...(row.urgent ? { urgent: true } : {}),
      answers: row.answers.map((answer) => ({
        value: answer.value,
        label: { ja: answer.labelJa, en: answer.labelEn },
        ...(answer.next ? { next: answer.next } : {}),
        ...(answer.prefill ? { prefill: answer.prefill as Record<string, string | boolean> } : {}),
      })),
    };
  });
  return { flow: { category: revision.category, firstStep: revision.firstStep, steps, revisionId: revision.id, number: revision.number }, needsUpdate };
}

/** Writes `flow`'s steps into a revision that has none (a new draft, a rollback, the seed). */
export async function writeFlowSteps(
  tx: Prisma.TransactionClient,
  revisionId: string,
  flow: SelfHelpFlow,
  needsUpdate: ReadonlyMap<string, NeedsUpdate> = new Map(),
): Promise<void> {
  await tx.selfHelpContentStep.createMany({
    data: flow.steps.map((step, position) => ({
      revisionId,
      key: step.key,
      position,
      titleJa: step.title.ja,
      titleEn: step.title.en,
      bodyJa: step.body.ja,
      bodyEn: step.body.en,
      checklistJa: step.checklist?.ja ?? [],
      checklistEn: step.checklist?.en ?? [],
      tool: step.tool ?? null,
      urgent: step.urgent ?? false,
      jaNeedsUpdate: needsUpdate.get(step.key)?.ja ?? false,
      enNeedsUpdate: needsUpdate.get(step.key)?.en ?? false,
    })),
  });
  await tx.selfHelpContentAnswer.createMany({
    data: flow.steps.flatMap((step) =>
      step.answers.map((answer, position) => ({
        revisionId,
        stepKey: step.key,
        position,
        value: answer.value,
        labelJa: answer.label.ja,
        labelEn: answer.label.en,
        next: answer.next ?? null,
        prefill: answer.prefill ?? undefined,
      })),
    ),
  });
}

// Published revisions never change; a few per category are plenty (the live one and those
// older sessions were shown).
const CACHE_LIMIT = 64;
const published = new Map<string, Promise<RevisionFlow | null>>();

/** A revision's flow; published ones are loaded once per process. */
export async function revisionFlow(revisionId: string, db: Db = prisma()): Promise<RevisionFlow | null> {
  const cached = published.get(revisionId);
  if (cached) return cached;
  const row = await db.selfHelpRevision.findUnique({ where: { id: revisionId }, select: REVISION_SELECT });
  const flow = row ? flowFromRows(row).flow : null;
  if (row?.state === "PUBLISHED") {
    if (published.size >= CACHE_LIMIT) published.delete(published.keys().next().value!);
    published.set(revisionId, Promise.resolve(flow));
  }
  return flow;
}

/** The revision customers see now, for every category that has one. */
export async function publishedRevisionIds(db: Db = prisma()): Promise<Map<TicketCategoryCode, string>> {
  const rows = await db.selfHelpFlow.findMany({ select: { category: true, publishedRevisionId: true } });
  return new Map(rows.flatMap((row) => (row.publishedRevisionId ? [[row.category, row.publishedRevisionId] as const] : [])));
}

/** The flow customers see now. A category without one is a broken installation (the seed gives every category one). */
export async function publishedFlow(category: TicketCategoryCode, db: Db = prisma()): Promise<RevisionFlow> {
  const row = await db.selfHelpFlow.findUnique({ where: { category }, select: { publishedRevisionId: true } });
  const flow = row?.publishedRevisionId ? await revisionFlow(row.publishedRevisionId, db) : null;
  if (!flow) throw new AppError("INTERNAL", { detail: `no published self-help flow for ${category}` });
  return flow;
}

/** Every category's published flow, in category order. */
export async function publishedFlows(db: Db = prisma()): Promise<RevisionFlow[]> {
  const ids = await publishedRevisionIds(db);
  const flows = await Promise.all(TICKET_CATEGORIES.map((category) => (ids.has(category) ? revisionFlow(ids.get(category)!, db) : null)));
  return flows.filter((flow) => flow !== null);
}

type RecordedStep = { stepKey: string; revisionId: string | null };

/**
 * For steps a session recorded: the flow each was shown from (its revision), or the live one for
 * rows from before revisions were kept or whose revision no longer has the step.
 */
export async function flowsOfRecordedSteps(
  category: TicketCategoryCode,
  rows: readonly RecordedStep[],
  db: Db = prisma(),
): Promise<(row: RecordedStep) => RevisionFlow> {
  const live = await publishedFlow(category, db);
  const ids = [...new Set(rows.flatMap((row) => (row.revisionId && row.revisionId !== live.revisionId ? [row.revisionId] : [])))];
  const flows = new Map((await Promise.all(ids.map((id) => revisionFlow(id, db)))).flatMap((flow) => (flow ? [[flow.revisionId, flow] as const] : [])));
  return (row) => {
    const shown = row.revisionId ? flows.get(row.revisionId) : undefined;
    return shown && findStep(shown, row.stepKey) ? shown : live;
  };
}

export type DescribedStep = { position: number; stepKey: string; title: string; answer: string | null; answerLabel: string | null };

/** Recorded steps with the title and answer label the visitor saw, in `language`. */
export async function describeRecordedSteps(
  category: TicketCategoryCode,
  rows: readonly (RecordedStep & { position: number; answer: string | null })[],
  language: LanguageCode,
  db: Db = prisma(),
): Promise<DescribedStep[]> {
  const flowOf = await flowsOfRecordedSteps(category, rows, db);
  return rows.map((row) => ({
    position: row.position,
    stepKey: row.stepKey,
    title: stepTitle(flowOf(row), row.stepKey, language),
    answer: row.answer,
    answerLabel: row.answer === null ? null : answerLabel(flowOf(row), row.stepKey, row.answer, language),
  }));
}
