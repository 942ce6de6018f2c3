"use server";

import { revalidatePath } from "next/cache";
import { translator } from "@/lib/i18n/messages.ts";
import { editorAction } from "@/lib/server/actions/action-client.ts";
import {
  addDraftStep,
  discardDraft,
  markLanguageChecked,
  publishDraft,
  removeDraftStep,
  rollbackToRevision,
  saveDraftStep,
  startDraft,
} from "@/lib/server/self-help/editor.ts";
import { describeIssue } from "@/lib/self-help/flow-checks.ts";
import { categorySlug } from "@/lib/self-help/flows.ts";
import {
  addStepSchema,
  categoryRefSchema,
  checkedLanguageSchema,
  publishSchema,
  rollbackSchema,
  saveStepSchema,
  stepRefSchema,
} from "@/lib/validation/self-help-content.ts";
import type { TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";

// The data functions check the editor again inside their transaction (role EDITOR or ADMIN).
const metadata = (name: string) => ({ name: `content.${name}`, validationMessages: "contentEditor.validation" });

function refresh(category: TicketCategoryCode): void {
  revalidatePath(`/agent/content/${categorySlug(category)}`);
  revalidatePath("/agent/content");
}

export const startDraftAction = editorAction(metadata("startDraft"), categoryRefSchema).action(async ({ parsedInput: { category }, ctx }) => {
  await startDraft(ctx.actor, category);
  refresh(category);
  return null;
});

export const saveStepAction = editorAction(metadata("saveStep"), saveStepSchema).action(async ({ parsedInput, ctx }) => {
  const saved = await saveDraftStep(ctx.actor, parsedInput);
  refresh(parsedInput.category);
  return saved;
});

export const addStepAction = editorAction(metadata("addStep"), addStepSchema).action(async ({ parsedInput, ctx }) => {
  const added = await addDraftStep(ctx.actor, parsedInput);
  refresh(parsedInput.category);
  return added;
});

export const removeStepAction = editorAction(metadata("removeStep"), stepRefSchema).action(async ({ parsedInput, ctx }) => {
  await removeDraftStep(ctx.actor, parsedInput);
  refresh(parsedInput.category);
  return null;
});

export const markCheckedAction = editorAction(metadata("markChecked"), checkedLanguageSchema).action(async ({ parsedInput, ctx }) => {
  await markLanguageChecked(ctx.actor, parsedInput);
  refresh(parsedInput.category);
  return null;
});

/** Publishes, or answers why not: each problem in the editor's language, naming its step. */
export const publishAction = editorAction(metadata("publish"), publishSchema).action(async ({ parsedInput, ctx }) => {
  const result = await publishDraft(ctx.actor, parsedInput);
  refresh(parsedInput.category);
  if (result.published) return { published: true, number: result.number, problems: [] };
  const t = translator(ctx.language);
  return {
    published: false,
    number: null,
    problems: result.issues.map((issue) => describeIssue((key, values) => t(`contentEditor.${key}`, values), issue)),
  };
});

export const discardDraftAction = editorAction(metadata("discardDraft"), categoryRefSchema).action(async ({ parsedInput: { category }, ctx }) => {
  await discardDraft(ctx.actor, category);
  refresh(category);
  return null;
});

export const rollbackAction = editorAction(metadata("rollback"), rollbackSchema).action(async ({ parsedInput, ctx }) => {
  const restored = await rollbackToRevision(ctx.actor, parsedInput);
  refresh(parsedInput.category);
  return restored;
});
