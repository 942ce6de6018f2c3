// zod/mini: the same validation as "zod", tree-shakable, so the ticket form stays light.
import * as z from "zod/mini";
import { COUNTRY_CODES } from "./country-codes.ts";
import { isDiallableE164 } from "./phone.ts";
import { toStorableText } from "./storable-text.ts";
import { pendingAttachmentsSchema } from "./upload-token.ts";
import {
  LANGUAGES,
  EMAIL_MAIL_TYPES,
  TWO_FA_PROBLEMS,
  PHONE_VERIFIED_ANSWERS,
  SMS_PROBLEMS,
  ACCOUNT_PROBLEMS,
} from "./ticket-choices.ts";

/**
 * The ticket intake contract (README "Intake API"). The same schemas run in
 * the browser through react-hook-form and on the server, where they are the authority.
 * Messages are keys into messages/<lang>/validation.json, translated where they are shown. The
 * fixed choices live in ./ticket-choices.ts, which the form can load without zod.
 */

export const DESCRIPTION_MIN_LENGTH = 10;
export const DESCRIPTION_MAX_LENGTH = 5000;

const emailAddress = z.email({ error: "email_invalid" }).check(z.maxLength(254, { error: "email_invalid" }));
const isoDateTime = z.iso.datetime({ offset: true, error: "datetime_invalid" });
// A few minutes of slack for a phone whose clock runs ahead.
const CLOCK_SKEW_MS = 10 * 60_000;
/**
 * No account problem began before 1970; an earlier date is a typo (a year typed as 0020). The
 * floor also keeps every accepted date inside what PostgreSQL stores: year 0 made intake answer 500.
 */
export const EARLIEST_DATE_TIME = "1970-01-01T00:00:00Z";
const pastDateTime = isoDateTime.check(
  z.refine((value) => Date.parse(value) <= Date.now() + CLOCK_SKEW_MS, { error: "datetime_future" }),
  z.refine((value) => Date.parse(value) >= Date.parse(EARLIEST_DATE_TIME), { error: "datetime_too_early" }),
);
const shortText = z.string({ error: "text_invalid" }).check(z.overwrite(toStorableText), z.trim(), z.maxLength(200, { error: "text_too_long" }));


export const emailDetailsSchema = z.strictObject({
  registeredEmail: z.optional(emailAddress),
  mailType: z.enum(EMAIL_MAIL_TYPES, { error: "choice_required" }),
  mailProvider: z.optional(shortText),
  lastRequestedAt: z.optional(pastDateTime),
  checkedSpam: z.boolean({ error: "yes_no_required" }),
});

export const twoFaDetailsSchema = z.strictObject({
  problem: z.enum(TWO_FA_PROBLEMS, { error: "choice_required" }),
  hasBackupKey: z.boolean({ error: "yes_no_required" }),
  phoneVerified: z.enum(PHONE_VERIFIED_ANSWERS, { error: "choice_required" }),
  deviceChangedRecently: z.boolean({ error: "yes_no_required" }),
});

export const smsDetailsSchema = z.strictObject({
  // E.164 in and stored; the web form turns what people type into it first (lib/validation/phone.ts).
  phoneNumber: z.string({ error: "phone_invalid" }).check(z.refine(isDiallableE164, { error: "phone_invalid" })),
  carrier: z.optional(shortText),
  problem: z.enum(SMS_PROBLEMS, { error: "choice_required" }),
  currentCountry: z.enum(COUNTRY_CODES, { error: "country_invalid" }),
});

export const accountDetailsSchema = z.strictObject({
  problem: z.enum(ACCOUNT_PROBLEMS, { error: "choice_required" }),
  noticeReason: z.optional(z.string({ error: "text_invalid" }).check(z.overwrite(toStorableText), z.trim(), z.maxLength(500, { error: "text_too_long" }))),
  suspectedUnauthorizedAccess: z.boolean({ error: "yes_no_required" }),
});

const commonIntakeFields = {
  contactEmail: emailAddress,
  language: z.enum(LANGUAGES, { error: "language_invalid" }),
  description: z.string({ error: "description_length" }).check(
    z.overwrite(toStorableText),
    z.trim(),
    z.minLength(DESCRIPTION_MIN_LENGTH, { error: "description_length" }),
    z.maxLength(DESCRIPTION_MAX_LENGTH, { error: "description_length" }),
  ),
  startedAt: z.optional(pastDateTime),
  selfHelpSessionId: z.optional(z.uuid({ error: "session_invalid" })),
};

/** One schema per category: the ticket form validates with its category's, the server with the union. */
export const ticketIntakeSchemas = {
  EMAIL: z.strictObject({
    ...commonIntakeFields,
    category: z.literal("EMAIL", { error: "category_invalid" }),
    details: emailDetailsSchema,
  }),
  TWO_FA: z.strictObject({
    ...commonIntakeFields,
    category: z.literal("TWO_FA", { error: "category_invalid" }),
    details: twoFaDetailsSchema,
  }),
  SMS: z.strictObject({
    ...commonIntakeFields,
    category: z.literal("SMS", { error: "category_invalid" }),
    details: smsDetailsSchema,
  }),
  ACCOUNT: z.strictObject({
    ...commonIntakeFields,
    category: z.literal("ACCOUNT", { error: "category_invalid" }),
    details: accountDetailsSchema,
  }),
} as const;

export const ticketDetailsSchemas = {
  EMAIL: emailDetailsSchema,
  TWO_FA: twoFaDetailsSchema,
  SMS: smsDetailsSchema,
  ACCOUNT: accountDetailsSchema,
} as const;

export const ticketIntakeSchema = z.discriminatedUnion(
  "category",
  [ticketIntakeSchemas.EMAIL, ticketIntakeSchemas.TWO_FA, ticketIntakeSchemas.SMS, ticketIntakeSchemas.ACCOUNT],
  { error: "category_invalid" },
);

/**
 * The web form's submission: the ticket as the intake API takes it, the key that makes a double
 * click or a retry one ticket, and the screenshot picker's fields.
 */
export const ticketSubmissionSchema = z.strictObject({
  ticket: ticketIntakeSchema,
  idempotencyKey: z.string({ error: "idempotency_key_invalid" }),
  screenshots: pendingAttachmentsSchema,
});

export const REPLY_MAX_LENGTH = 5000;

/**
 * A customer's reply from the status page. `submissionId` is chosen by the form once per reply,
 * so a doubled or retried submission of the same reply stores it once.
 */
export const customerReplySchema = z.strictObject({
  body: z.string({ error: "reply_length" }).check(
    z.overwrite(toStorableText),
    z.trim(),
    z.minLength(1, { error: "reply_length" }),
    z.maxLength(REPLY_MAX_LENGTH, { error: "reply_length" }),
  ),
  submissionId: z.optional(z.uuid({ error: "invalid" })),
});

/** The ticket form's values before validation, and the intake after it. */
export type TicketIntakeInput = z.input<typeof ticketIntakeSchema>;
export type TicketIntake = z.infer<typeof ticketIntakeSchema>;
