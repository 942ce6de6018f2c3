import type { LanguageCode, TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";
import type { SelfHelpFlow, SelfHelpStep, StepAnswer } from "@/lib/self-help/types.ts";
import { emailFlow } from "@/lib/self-help/flows/email.ts";
import { twoFaFlow } from "@/lib/self-help/flows/two-fa.ts";
import { smsFlow } from "@/lib/self-help/flows/sms.ts";
import { accountFlow } from "@/lib/self-help/flows/account.ts";

/**
 * The registry of self-help flows and the small lookups the pages, the recorder and the agent
 * view need. Pure and browser-safe: the flows are plain data.
 */

const FLOWS: Record<TicketCategoryCode, SelfHelpFlow> = {
  EMAIL: emailFlow,
  TWO_FA: twoFaFlow,
  SMS: smsFlow,
  ACCOUNT: accountFlow,
};

const CATEGORY_SLUGS: Record<TicketCategoryCode, string> = {
  EMAIL: "email",
  TWO_FA: "two-fa",
  SMS: "sms",
  ACCOUNT: "account",
};

const stepIndex = new Map<TicketCategoryCode, Map<string, SelfHelpStep>>(
  Object.values(FLOWS).map((flow) => [flow.category, new Map(flow.steps.map((step) => [step.key, step]))]),
);

export type StepTaken = { stepKey: string; answer: string };

export function selfHelpFlow(category: TicketCategoryCode): SelfHelpFlow {
  return FLOWS[category];
}

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

export function findStep(category: TicketCategoryCode, key: string): SelfHelpStep | undefined {
  return stepIndex.get(category)?.get(key);
}

export function findAnswer(category: TicketCategoryCode, key: string, value: string): StepAnswer | undefined {
  return findStep(category, key)?.answers.find((answer) => answer.value === value);
}

/** A step's title for display; a key no longer in the flow (older sessions) is shown as is. */
export function stepTitle(category: TicketCategoryCode, key: string, language: LanguageCode): string {
  return findStep(category, key)?.title[language] ?? key;
}

/** The label of an answer as the user saw it; unknown answers are shown as their stored value. */
export function answerLabel(category: TicketCategoryCode, key: string, value: string, language: LanguageCode): string {
  return findAnswer(category, key, value)?.label[language] ?? value;
}

/**
 * The ticket-form defaults established by the answers given, in order: a later answer overrides
 * an earlier one for the same field. Keys and values match the category's `details` schema.
 */
export function prefillFromAnswers(category: TicketCategoryCode, taken: readonly StepTaken[]): Record<string, string | boolean> {
  const prefill: Record<string, string | boolean> = {};
  for (const { stepKey, answer } of taken) {
    Object.assign(prefill, findAnswer(category, stepKey, answer)?.prefill);
  }
  return prefill;
}
