"use server";

import { redirect } from "next/navigation";
import { isAppError } from "@/lib/errors.ts";
import { publicAction } from "@/lib/server/actions/action-client.ts";
import {
  answerSelfHelpStep,
  reopenSelfHelpSession,
  startSelfHelpSession,
  stepBackFrom,
  visitSelfHelpStep,
} from "@/lib/server/self-help/sessions.ts";
import { rememberSelfHelpSession, selfHelpSessionIdFromCookie } from "@/lib/server/self-help/session-cookie.ts";
import { categorySlug, findAnswer, selfHelpFlow, stepPath } from "@/lib/self-help/flows.ts";
import { SOLVED, TO_TICKET } from "@/lib/self-help/types.ts";
import type { LanguageCode, TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";
import {
  selfHelpAnswerFormSchema,
  selfHelpCategoryFormSchema,
  selfHelpStepFormSchema,
  selfHelpVisitSchema,
} from "@/lib/validation/self-help.ts";

/** Over the per-client limit the page asks the visitor to wait a few minutes; other errors go on. */
function redirectIfBusy(error: unknown, path: string): void {
  if (isAppError(error) && error.code === "RATE_LIMITED") redirect(`${path}?busy=1`);
}

async function newSession(category: TicketCategoryCode, language: LanguageCode, clientAddress: string, path: string, atStep?: string) {
  let sessionId: string;
  try {
    sessionId = await startSelfHelpSession(category, language, clientAddress, undefined, undefined, atStep);
  } catch (error) {
    redirectIfBusy(error, path);
    throw error;
  }
  await rememberSelfHelpSession(category, sessionId);
  return sessionId;
}

/** Starts a fresh anonymous session for the category (replacing any earlier one in this browser). */
export const startSelfHelpAction = publicAction({ name: "self-help.start" }, selfHelpCategoryFormSchema).action(
  async ({ parsedInput: { category }, ctx }) => {
    await newSession(category, ctx.language, ctx.clientAddress, `/help/${categorySlug(category)}`);
    redirect(stepPath(category, selfHelpFlow(category).firstStep));
  },
);

/**
 * Records the visitor's answer to the step on screen and moves on where the flow says. A visitor
 * who came by a step's own URL without a session that can take it (a shared link, a finished
 * session) starts one at that step.
 */
export const answerSelfHelpAction = publicAction({ name: "self-help.answer" }, selfHelpAnswerFormSchema).action(
  async ({ parsedInput: { category, stepKey, answer }, ctx }) => {
    const here = stepPath(category, stepKey);
    const answerIn = (sessionId: string) => answerSelfHelpStep(sessionId, category, { stepKey, answer }, ctx.clientAddress);
    try {
      const sessionId = await selfHelpSessionIdFromCookie(category);
      const outcome = sessionId
        ? await answerIn(sessionId).catch((error: unknown) => {
            // A session that no longer exists is as good as none.
            if (isAppError(error) && error.code === "NOT_FOUND") return "closed" as const;
            throw error;
          })
        : "closed";
      if (outcome === "closed") await answerIn(await newSession(category, ctx.language, ctx.clientAddress, here, stepKey));
    } catch (error) {
      // A step or answer the flow does not have just shows the category again.
      if (isAppError(error) && error.code === "VALIDATION_FAILED") redirect(`/help/${categorySlug(category)}`);
      redirectIfBusy(error, here);
      throw error;
    }
    // Where the answer leads; an answer already recorded (a double click) goes there too.
    const next = findAnswer(category, stepKey, answer)?.next;
    const base = `/help/${categorySlug(category)}`;
    if (answer === SOLVED) redirect(`${base}/solved`);
    if (!next || next === TO_TICKET) redirect(`${base}/request`);
    redirect(stepPath(category, next));
  },
);

/** "Previous step": goes back one step on the recorded path, undoing its answer. */
export const previousSelfHelpStepAction = publicAction({ name: "self-help.previous" }, selfHelpStepFormSchema).action(
  async ({ parsedInput: { category, stepKey }, ctx }) => {
    const sessionId = await selfHelpSessionIdFromCookie(category);
    let previous: string | null = null;
    try {
      previous = sessionId ? await stepBackFrom(sessionId, category, stepKey, ctx.clientAddress) : null;
    } catch (error) {
      redirectIfBusy(error, stepPath(category, stepKey));
      throw error;
    }
    redirect(previous ? stepPath(category, previous) : "/");
  },
);

/**
 * Called by a step's page when it is shown (Back, Forward, a refresh, a link): the recorded path
 * follows the step on screen. Answers whether it changed, so the page can refresh what it shows.
 */
export const visitSelfHelpStepAction = publicAction({ name: "self-help.visit" }, selfHelpVisitSchema).action(
  async ({ parsedInput: { category, stepKey }, ctx }) => {
    const sessionId = await selfHelpSessionIdFromCookie(category);
    if (!sessionId) return { changed: false };
    const outcome = await visitSelfHelpStep(sessionId, category, stepKey, ctx.clientAddress);
    return { changed: outcome !== "current" && outcome !== "unchanged" };
  },
);

/** "Not solved after all": reopens the deflected session at the step it ended on. */
export const reopenSelfHelpAction = publicAction({ name: "self-help.reopen" }, selfHelpCategoryFormSchema).action(
  async ({ parsedInput: { category } }) => {
    const sessionId = await selfHelpSessionIdFromCookie(category);
    const stepKey = sessionId ? await reopenSelfHelpSession(sessionId, category) : null;
    redirect(stepKey ? stepPath(category, stepKey) : `/help/${categorySlug(category)}`);
  },
);
