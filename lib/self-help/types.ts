import type { LanguageCode, TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";

/**
 * Self-help flows are data: one typed module per category under lib/self-help/flows/, with the
 * text of every step in both languages. The UI renders whatever the flow says; analytics key
 * on `SelfHelpStep.key` and `StepAnswer.value`, so both must stay stable once shipped.
 */

export type Localized<T = string> = Record<LanguageCode, T>;

/** "SOLVED" ends the session as deflected; anything else follows `next`. */
export const SOLVED = "SOLVED";
export const STILL_STUCK = "STILL_STUCK";
/** A `next` that leaves the flow for the ticket form. */
export const TO_TICKET = "TICKET";

export type StepAnswer = {
  /** Stored in self_help_steps.answer: SOLVED, STILL_STUCK or a branch choice such as "NO". */
  value: string;
  label: Localized;
  /** The key of the next step, or TO_TICKET. Absent only for SOLVED. */
  next?: string;
  /** Facts this answer establishes, used as defaults in the ticket form (e.g. { checkedSpam: true }). */
  prefill?: Record<string, string | boolean>;
};

export type SelfHelpStep = {
  /** Stable identifier, "<category>.<slug>", e.g. "email.spam-folder". */
  key: string;
  title: Localized;
  /** Short paragraphs of plain guidance. */
  body: Localized<string[]>;
  /** Optional concrete things to check or do, shown as a list. */
  checklist?: Localized<string[]>;
  /** An interactive helper the page renders inside the step. */
  tool?: "email-typo-check";
  /** Marks a step whose content is a warning to act on at once (e.g. suspected compromise). */
  urgent?: boolean;
  answers: StepAnswer[];
};

export type SelfHelpFlow = {
  category: TicketCategoryCode;
  firstStep: string;
  steps: SelfHelpStep[];
};
