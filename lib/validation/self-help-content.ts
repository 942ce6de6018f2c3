import { z } from "zod";
import { LANGUAGES, TICKET_CATEGORIES } from "./ticket-choices.ts";
import { toStorableText } from "./storable-text.ts";

/**
 * The self-help content editor's forms, shared by the forms' zodResolver and the server actions.
 * These check what one field can check (lengths, formats); how the steps fit together is checked
 * over the whole draft by lib/self-help/flow-checks.ts, shown while editing and enforced at
 * publishing, so a draft may be saved half-done. Messages are keys into
 * messages/<lang>/contentEditor.json under "validation".
 */

const category = z.enum(TICKET_CATEGORIES, { error: "invalid" });
const language = z.enum(LANGUAGES, { error: "invalid" });
const stepKey = z.string({ error: "invalid" }).max(100, { error: "tooLong" });
const revisionId = z.uuid({ error: "invalid" });

const text = (max: number) => z.string({ error: "required" }).overwrite(toStorableText).trim().max(max, { error: "tooLong" });
const required = (max: number) => text(max).min(1, { error: "required" });

/** A textarea whose paragraphs (separated by a blank line) or lines become a list. */
const list = (separator: RegExp, max: number) =>
  z
    .string({ error: "required" })
    .overwrite(toStorableText)
    .transform((value) => value.split(separator).map((part) => part.trim()).filter(Boolean))
    .pipe(z.array(z.string().max(max, { error: "tooLong" })).max(20, { error: "tooMany" }));
const paragraphs = list(/\n\s*\n/, 2000);
const lines = list(/\n/, 500);

const PREFILL_LINE = /^([A-Za-z][A-Za-z0-9]*)\s*=\s*(.+)$/;

/** "field = value" per line; true and false become booleans (the form's yes/no fields). */
const prefill = z
  .string({ error: "invalid" })
  .overwrite(toStorableText)
  .refine((value) => value.split("\n").every((line) => !line.trim() || PREFILL_LINE.test(line.trim())), { error: "prefillFormat" })
  .transform((value) => {
    const entries = value
      .split("\n")
      .map((line) => PREFILL_LINE.exec(line.trim()))
      .filter((match) => match !== null)
      .map((match) => [match[1]!, match[2] === "true" ? true : match[2] === "false" ? false : match[2]!.trim()] as const);
    return entries.length ? Object.fromEntries(entries) : undefined;
  });

export const ANSWER_VALUE_PATTERN = /^[A-Z][A-Z_]*$/;

const answer = z.strictObject({
  value: z.string({ error: "required" }).trim().max(50, { error: "tooLong" }).regex(ANSWER_VALUE_PATTERN, { error: "answerValue" }),
  labelJa: required(200),
  labelEn: required(200),
  /** a step key, TICKET (the form) or "" (none: only for SOLVED) */
  next: z.string({ error: "invalid" }).max(100, { error: "tooLong" }),
  prefill,
});

export const saveStepSchema = z.strictObject({
  category,
  stepKey,
  /** the draft's updatedAt as the editor loaded it: a save over someone else's newer one is refused */
  version: z.iso.datetime({ offset: true, error: "invalid" }),
  titleJa: required(200),
  titleEn: required(200),
  bodyJa: paragraphs,
  bodyEn: paragraphs,
  checklistJa: lines,
  checklistEn: lines,
  urgent: z.boolean({ error: "invalid" }),
  answers: z.array(answer).min(1, { error: "required" }).max(8, { error: "tooMany" }),
});

/** A new step: its key is the category's slug and this name ("email." + "check-filters"), never changed afterwards. */
export const addStepSchema = z.strictObject({
  category,
  name: z.string({ error: "required" }).trim().max(60, { error: "tooLong" }).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: "stepName" }),
  titleJa: required(200),
  titleEn: required(200),
});

export const stepRefSchema = z.strictObject({ category, stepKey });
export const checkedLanguageSchema = z.strictObject({ category, stepKey, language });
export const categoryRefSchema = z.strictObject({ category });
export const publishSchema = z.strictObject({ category, version: z.iso.datetime({ offset: true, error: "invalid" }) });
export const rollbackSchema = z.strictObject({ category, revisionId });

export type SaveStepInput = z.output<typeof saveStepSchema>;
export type SaveStepFormValues = z.input<typeof saveStepSchema>;
export type AddStepInput = z.output<typeof addStepSchema>;
