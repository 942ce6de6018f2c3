"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { isAppError } from "@/lib/errors.ts";
import { requestLocale } from "@/lib/i18n/request.ts";
import { clientAddress } from "@/lib/server/http/client-address.ts";
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
import { isTicketCategory } from "@/lib/validation/ticket.ts";
import type { TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";

function categoryFrom(formData: FormData): TicketCategoryCode {
  const category = formData.get("category");
  // Only a forged request gets here without a valid category; the start page is the right answer.
  if (!isTicketCategory(category)) redirect("/");
  return category;
}

/** Starts a fresh anonymous session for the category (replacing any earlier one in this browser). */
export async function startSelfHelpAction(formData: FormData): Promise<void> {
  const category = categoryFrom(formData);
  const base = `/help/${categorySlug(category)}`;
  let sessionId: string;
  try {
    sessionId = await startSelfHelpSession(category, await requestLocale(), clientAddress(await headers()));
  } catch (error) {
    if (isAppError(error) && error.code === "RATE_LIMITED") redirect(`${base}?busy=1`);
    throw error;
  }
  await rememberSelfHelpSession(category, sessionId);
  redirect(base);
}

/** Records the visitor's answer to the step on screen and moves on where the flow says. */
export async function answerSelfHelpAction(formData: FormData): Promise<void> {
  const category = categoryFrom(formData);
  const base = `/help/${categorySlug(category)}`;
  const sessionId = await selfHelpSessionIdFromCookie(category);
  if (!sessionId) redirect(base);
  const stepKey = String(formData.get("stepKey") ?? "");
  const answer = String(formData.get("answer") ?? "");
  let outcome: Awaited<ReturnType<typeof answerSelfHelpStep>>;
  try {
    outcome = await answerSelfHelpStep(sessionId, category, { stepKey, answer }, clientAddress(await headers()));
  } catch (error) {
    // A session that no longer exists starts over; a forged answer just shows the step again.
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
}

/** "Not solved after all": reopens the deflected session at the step it ended on. */
export async function reopenSelfHelpAction(formData: FormData): Promise<void> {
  const category = categoryFrom(formData);
  const sessionId = await selfHelpSessionIdFromCookie(category);
  if (sessionId) await reopenSelfHelpSession(sessionId, category);
  redirect(`/help/${categorySlug(category)}`);
}
