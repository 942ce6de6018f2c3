import { expect, type BrowserContext, type Page } from "@playwright/test";
import { findStep } from "@/lib/self-help/flows.ts";
import { SEED_FLOWS } from "@/lib/server/seed/self-help-flows.ts";
import type { LanguageCode, TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";
import { queryE2eDatabase } from "../fixtures/db.ts";

/** Walks self-help as a visitor would: checks each step's heading, then clicks the answer. */
export async function answerSteps(page: Page, category: TicketCategoryCode, language: LanguageCode, path: [string, string][]) {
  for (const [stepKey, value] of path) {
    const step = findStep(SEED_FLOWS[category], stepKey);
    const answer = step?.answers.find((candidate) => candidate.value === value);
    if (!step || !answer) throw new Error(`${category}: no answer ${value} on ${stepKey}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(step.title[language]);
    await page.getByRole("button", { name: answer.label[language], exact: true }).click();
  }
}

/** The anonymous session id lives in an HttpOnly cookie; the browser context can still read it. */
export async function selfHelpSessionId(context: BrowserContext, category: TicketCategoryCode): Promise<string> {
  const cookie = (await context.cookies()).find((candidate) => candidate.name === `sg_help_${category.toLowerCase()}`);
  if (!cookie) throw new Error(`no self-help cookie for ${category}`);
  return cookie.value;
}

export async function recordedSession(sessionId: string) {
  const [session] = await queryE2eDatabase<{ outcome: string; category: string; language: string; ended: boolean }>(
    "SELECT outcome::text, category::text, language::text, ended_at IS NOT NULL AS ended FROM self_help_sessions WHERE id = $1",
    [sessionId],
  );
  const steps = await queryE2eDatabase<{ position: number; step_key: string; answer: string | null }>(
    "SELECT position, step_key, answer FROM self_help_steps WHERE session_id = $1 ORDER BY position",
    [sessionId],
  );
  return { session, steps: steps.map((step) => [step.position, step.step_key, step.answer]) };
}

/** Every recorded step as "position key answer", steps gone back past marked with a leading "~". */
export async function recordedHistory(sessionId: string): Promise<string[]> {
  const steps = await queryE2eDatabase<{ position: number; step_key: string; answer: string | null; undone: boolean }>(
    "SELECT position, step_key, answer, undone_at IS NOT NULL AS undone FROM self_help_steps WHERE session_id = $1 ORDER BY position",
    [sessionId],
  );
  return steps.map((step) => `${step.undone ? "~" : ""}${step.position} ${step.step_key} ${step.answer ?? "-"}`);
}

/** Content-Security-Policy complaints the page logs, to check the client islands run under the policy. */
export function cspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}
