import type { LanguageCode, TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";

/**
 * Self-help flows are content: revisions in the database that the support team edits and
 * publishes (lib/server/self-help/content.ts), first loaded from the modules in
 * lib/server/seed/self-help/. These are their types, and lib/self-help/flow-checks.ts the rules a
 * revision must pass to be published. The UI renders whatever the flow says; analytics key on
 * `SelfHelpStep.key` and `StepAnswer.value`, so both stay the same from revision to revision.
 */

export type Localized<T = string> = Record<LanguageCode, T>;

/** "SOLVED" ends the session as deflected; anything else follows `next`. */
export const SOLVED = "SOLVED";
export const STILL_STUCK = "STILL_STUCK";
/** A `next` that leaves the flow for the ticket form. */
export const TO_TICKET = "TICKET";

/** The interactive helpers a step can show (the page has a component for each). */
export const STEP_TOOLS = ["email-typo-check"] as const;
export type StepTool = (typeof STEP_TOOLS)[number];

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
  tool?: StepTool;
  /** Marks a step whose content is a warning to act on at once (e.g. suspected compromise). */
  urgent?: boolean;
  answers: StepAnswer[];
};

export type SelfHelpFlow = {
  category: TicketCategoryCode;
  firstStep: string;
  steps: SelfHelpStep[];
};

/** A flow as one revision in the database holds it. */
export type RevisionFlow = SelfHelpFlow & { revisionId: string; number: number };
