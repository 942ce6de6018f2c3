"use server";

import { redirect } from "next/navigation";
import { isAppError } from "@/lib/errors.ts";
import { publicAction } from "@/lib/server/actions/action-client.ts";
import {
  answerSelfHelpStep,
  reopenSelfHelpSession,
  selfHelpProgress,
  startSelfHelpSession,
  stepBackFrom,
  visitSelfHelpStep,
} from "@/lib/server/self-help/sessions.ts";
import { rememberSelfHelpSession, rememberSuggestionSession, selfHelpSessionIdFromCookie } from "@/lib/server/self-help/session-cookie.ts";
import { categorySlug, stepPath } from "@/lib/self-help/flows.ts";
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
    sessionId = await startSelfHelpSession(category, language, clientAddress, undefined, undefined, { atStep });
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
    const sessionId = await newSession(category, ctx.language, ctx.clientAddress, `/help/${categorySlug(category)}`);
    redirect(await whereSessionIs(category, sessionId));
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
    let sessionId = await selfHelpSessionIdFromCookie(category);
    try {
      const outcome = sessionId
        ? await answerIn(sessionId).catch((error: unknown) => {
            // A session that no longer exists is as good as none.
            if (isAppError(error) && error.code === "NOT_FOUND") return "closed" as const;
            throw error;
          })
        : "closed";
      if (outcome === "closed") {
        sessionId = await newSession(category, ctx.language, ctx.clientAddress, here, stepKey);
        await answerIn(sessionId);
      }
    } catch (error) {
      // A step or answer the flow does not have just shows the category again.
      if (isAppError(error) && error.code === "VALIDATION_FAILED") redirect(`/help/${categorySlug(category)}`);
      redirectIfBusy(error, here);
      throw error;
    }
    // Where the path is now; an answer already recorded (a double click) leads there too.
    redirect(await whereSessionIs(category, sessionId));
  },
);

/** The page for where a session stands: its step on screen, the solved page or the ticket form. */
async function whereSessionIs(category: TicketCategoryCode, sessionId: string | null): Promise<string> {
  const base = `/help/${categorySlug(category)}`;
  const progress = sessionId ? await selfHelpProgress(sessionId, category) : null;
  if (progress?.currentStepKey) return stepPath(category, progress.currentStepKey);
  if (progress?.outcome === "DEFLECTED") return `${base}/solved`;
  if (progress?.readyForTicket) return `${base}/request`;
  return base;
}

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

/**
 * A suggestion was opened (its step's page, from the start page's search or the ticket form):
 * a session starts at that step, so answering it is recorded, and counts as deflection by
 * suggestion unless this browser files a ticket after all. It becomes the category's session
 * unless one is already in progress there.
 */
export const openSuggestionAction = publicAction({ name: "self-help.suggestion" }, selfHelpVisitSchema).action(
  async ({ parsedInput: { category, stepKey }, ctx }) => {
    const current = await selfHelpSessionIdFromCookie(category);
    const inProgress = current ? (await selfHelpProgress(current, category))?.outcome === "IN_PROGRESS" : false;
    let sessionId: string;
    try {
      sessionId = await startSelfHelpSession(category, ctx.language, ctx.clientAddress, undefined, undefined, { atStep: stepKey, entry: "SUGGESTION" });
    } catch (error) {
      // Over the start limit, or a step that is gone: the page is shown all the same.
      if (isAppError(error) && (error.code === "RATE_LIMITED" || error.code === "VALIDATION_FAILED")) return { opened: false };
      throw error;
    }
    await rememberSuggestionSession(sessionId);
    if (!inProgress) await rememberSelfHelpSession(category, sessionId);
    return { opened: true };
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
