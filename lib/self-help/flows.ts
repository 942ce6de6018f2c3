import type { LanguageCode, TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";
import type { SelfHelpFlow, SelfHelpStep, StepAnswer } from "@/lib/self-help/types.ts";

/**
 * Lookups in a self-help flow (one revision of a category's content) and the category's URLs.
 * Pure and browser-safe: which revision to use is the server's business
 * (lib/server/self-help/content.ts).
 */

const CATEGORY_SLUGS: Record<TicketCategoryCode, string> = {
  EMAIL: "email",
  TWO_FA: "two-fa",
  SMS: "sms",
  ACCOUNT: "account",
};

export type StepTaken = { stepKey: string; answer: string };

/** The URL-friendly name of a category, also the prefix of its step keys ("two-fa.current-code"). */
export function categorySlug(category: TicketCategoryCode): string {
  return CATEGORY_SLUGS[category];
}

export function categoryFromSlug(slug: string): TicketCategoryCode | undefined {
  return (Object.keys(CATEGORY_SLUGS) as TicketCategoryCode[]).find((category) => CATEGORY_SLUGS[category] === slug);
}

/** A step's own URL: "/help/email/steps/spam-folder" for "email.spam-folder". */
export function stepPath(category: TicketCategoryCode, key: string): string {
  const slug = categorySlug(category);
  return `/help/${slug}/steps/${key.startsWith(`${slug}.`) ? key.slice(slug.length + 1) : encodeURIComponent(key)}`;
}

/** The step key a step URL's last segment names; the flow decides whether that step exists. */
export function stepKeyFromPath(category: TicketCategoryCode, segment: string): string {
  return `${categorySlug(category)}.${segment}`;
}

export function findStep(flow: SelfHelpFlow | undefined, key: string): SelfHelpStep | undefined {
  return flow?.steps.find((step) => step.key === key);
}

export function findAnswer(flow: SelfHelpFlow | undefined, key: string, value: string): StepAnswer | undefined {
  return findStep(flow, key)?.answers.find((answer) => answer.value === value);
}

/** A step's title for display; a key no longer in the flow (older sessions) is shown as is. */
export function stepTitle(flow: SelfHelpFlow | undefined, key: string, language: LanguageCode): string {
  return findStep(flow, key)?.title[language] ?? key;
}

/** The label of an answer as the user saw it; unknown answers are shown as their stored value. */
export function answerLabel(flow: SelfHelpFlow | undefined, key: string, value: string, language: LanguageCode): string {
  return findAnswer(flow, key, value)?.label[language] ?? value;
}

/**
 * The ticket-form defaults established by the answers given, in order: a later answer overrides
 * an earlier one for the same field. Each answer is read in the flow `flowOf` gives for it (the
 * revision the visitor saw). Keys and values match the category's `details` schema.
 */
export function prefillFromAnswers<Taken extends StepTaken>(
  flowOf: SelfHelpFlow | ((taken: Taken) => SelfHelpFlow | undefined),
  taken: readonly Taken[],
): Record<string, string | boolean> {
  const prefill: Record<string, string | boolean> = {};
  for (const step of taken) {
    const flow = typeof flowOf === "function" ? flowOf(step) : flowOf;
    Object.assign(prefill, findAnswer(flow, step.stepKey, step.answer)?.prefill);
  }
  return prefill;
}
