"use server";

import { redirect } from "next/navigation";
import { isAppError } from "@/lib/errors.ts";
import { publicAction } from "@/lib/server/actions/action-client.ts";
import {
  answerSelfHelpStep,
  reopenSelfHelpSession,
  startSelfHelpSession,
} from "@/lib/server/self-help/sessions.ts";
import {
  forgetSelfHelpSession,
  rememberSelfHelpSession,
  selfHelpSessionIdFromCookie,
} from "@/lib/server/self-help/session-cookie.ts";
import { categorySlug } from "@/lib/self-help/flows.ts";
import { selfHelpAnswerFormSchema, selfHelpCategoryFormSchema } from "@/lib/validation/self-help.ts";

/** Starts a fresh anonymous session for the category (replacing any earlier one in this browser). */
export const startSelfHelpAction = publicAction({ name: "self-help.start" }, selfHelpCategoryFormSchema).action(
  async ({ parsedInput: { category }, ctx }) => {
    const base = `/help/${categorySlug(category)}`;
    let sessionId: string;
    try {
      sessionId = await startSelfHelpSession(category, ctx.language, ctx.clientAddress);
    } catch (error) {
      // Over the per-client limit: the page asks the visitor to wait a few minutes.
      if (isAppError(error) && error.code === "RATE_LIMITED") redirect(`${base}?busy=1`);
      throw error;
    }
    await rememberSelfHelpSession(category, sessionId);
    redirect(base);
  },
);

/** Records the visitor's answer to the step on screen and moves on where the flow says. */
export const answerSelfHelpAction = publicAction({ name: "self-help.answer" }, selfHelpAnswerFormSchema).action(
  async ({ parsedInput: { category, stepKey, answer }, ctx }) => {
    const base = `/help/${categorySlug(category)}`;
    const sessionId = await selfHelpSessionIdFromCookie(category);
    if (!sessionId) redirect(base);
    let outcome: Awaited<ReturnType<typeof answerSelfHelpStep>>;
    try {
      outcome = await answerSelfHelpStep(sessionId, category, { stepKey, answer }, ctx.clientAddress);
    } catch (error) {
      // A session that no longer exists starts over; an answer the step does not have just shows the step again.
      if (isAppError(error) && error.code === "NOT_FOUND") {
        await forgetSelfHelpSession(category);
        redirect(base);
      }
      if (isAppError(error) && error.code === "VALIDATION_FAILED") redirect(base);
      if (isAppError(error) && error.code === "RATE_LIMITED") redirect(`${base}?busy=1`);
      throw error;
    }
    if (outcome === "solved") redirect(`${base}/solved`);
    if (outcome === "ticket") redirect(`${base}/request`);
    redirect(base);
  },
);

/** "Not solved after all": reopens the deflected session at the step it ended on. */
export const reopenSelfHelpAction = publicAction({ name: "self-help.reopen" }, selfHelpCategoryFormSchema).action(
  async ({ parsedInput: { category } }) => {
    const sessionId = await selfHelpSessionIdFromCookie(category);
    if (sessionId) await reopenSelfHelpSession(sessionId, category);
    redirect(`/help/${categorySlug(category)}`);
  },
);
