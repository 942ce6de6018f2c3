import { z } from "zod";
import { unknownPlaceholders } from "@/lib/tickets/canned-response.ts";
import { LANGUAGES, TICKET_CATEGORIES } from "@/lib/validation/ticket-choices.ts";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./auth.ts";
import { toStorableText } from "./storable-text.ts";

/**
 * Admin forms (agents, canned responses, SLA targets), shared by the forms' zodResolver and the
 * server actions. Messages are keys into messages/<lang>/admin.json under "validation".
 */

export const USER_ROLES = ["AGENT", "EDITOR", "ADMIN"] as const;
/** The form's value for "every category" (stored as NULL). */
export const ALL_CATEGORIES = "ALL";

const userId = z.uuid({ error: "invalid" });
const role = z.enum(USER_ROLES, { error: "roleRequired" });

export const createAgentSchema = z.strictObject({
  name: z.string({ error: "nameRequired" }).overwrite(toStorableText).trim().min(1, { error: "nameRequired" }).max(100, { error: "tooLong" }),
  email: z
    .string({ error: "emailInvalid" })
    .trim()
    .max(254, { error: "emailInvalid" })
    .pipe(z.email({ error: "emailInvalid" }))
    .transform((email) => email.toLowerCase()),
  role,
  password: z
    .string({ error: "passwordTooShort" })
    .min(MIN_PASSWORD_LENGTH, { error: "passwordTooShort" })
    .max(MAX_PASSWORD_LENGTH, { error: "tooLong" }),
});

export const changeRoleSchema = z.strictObject({ userId, role });
/** Admin actions on one account (unlock, reset link, factor reset, end sessions). */
export const agentTargetSchema = z.strictObject({ userId });
export const securityPolicySchema = z.strictObject({
  mfaRequiredForAdmins: z.boolean({ error: "invalid" }),
  mfaRequiredForAll: z.boolean({ error: "invalid" }),
});
export const setAgentActiveSchema = z.strictObject({ userId, active: z.boolean({ error: "invalid" }) });

export const cannedResponseSchema = z.strictObject({
  /** absent when creating */
  id: z.uuid({ error: "invalid" }).optional(),
  category: z.enum([ALL_CATEGORIES, ...TICKET_CATEGORIES], { error: "categoryRequired" }),
  language: z.enum(LANGUAGES, { error: "languageRequired" }),
  title: z.string({ error: "titleRequired" }).overwrite(toStorableText).trim().min(1, { error: "titleRequired" }).max(120, { error: "tooLong" }),
  body: z
    .string({ error: "bodyRequired" })
    .overwrite(toStorableText)
    .trim()
    .min(1, { error: "bodyRequired" })
    .max(5000, { error: "tooLong" })
    .refine((body) => unknownPlaceholders(body).length === 0, { error: "unknownPlaceholder" }),
});

export const setCannedResponseActiveSchema = z.strictObject({ id: z.uuid({ error: "invalid" }), active: z.boolean({ error: "invalid" }) });

// Up to 30 days: anything longer is a typo, not a service level.
export const MAX_FIRST_RESPONSE_MINUTES = 30 * 24 * 60;
const firstResponseMinutes = z.coerce
  .number({ error: "minutesInvalid" })
  .int({ error: "minutesInvalid" })
  .min(1, { error: "minutesInvalid" })
  .max(MAX_FIRST_RESPONSE_MINUTES, { error: "minutesInvalid" });

export const slaTargetsSchema = z.strictObject({
  URGENT: firstResponseMinutes,
  HIGH: firstResponseMinutes,
  NORMAL: firstResponseMinutes,
  LOW: firstResponseMinutes,
});

export type SlaTargetsInput = z.output<typeof slaTargetsSchema>;

export const retryOutboxMessageSchema = z.strictObject({ id: z.uuid({ error: "invalid" }) });
