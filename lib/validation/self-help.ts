import { z } from "zod";
import { zfd } from "zod-form-data";
import { TICKET_CATEGORIES } from "./ticket-choices.ts";

/**
 * The self-help pages' forms (plain HTML forms, so they work without JavaScript). Which step and
 * answer exist is the flow's business (lib/self-help/flows.ts); here only their shape.
 */

const category = z.enum(TICKET_CATEGORIES);
// Step keys ("email.spam-folder") and answer values ("STILL_STUCK") are short identifiers.
const identifier = z.string().max(100);

export const selfHelpCategoryFormSchema = zfd.formData({ category });

export const selfHelpAnswerFormSchema = zfd.formData({ category, stepKey: identifier, answer: identifier });

/** "Previous step" on a step's page. */
export const selfHelpStepFormSchema = zfd.formData({ category, stepKey: identifier });

/** A step page telling the server which step the visitor is looking at (after Back or Forward). */
export const selfHelpVisitSchema = z.object({ category, stepKey: identifier });

/** What the customer typed so far, for suggestions (GET /api/self-help/suggestions); longer text adds nothing. */
export const suggestionQuerySchema = z.object({
  q: z.string().max(500),
  category: category.optional(),
});
