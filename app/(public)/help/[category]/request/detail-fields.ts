import {
  ACCOUNT_PROBLEMS,
  EMAIL_MAIL_TYPES,
  PHONE_VERIFIED_ANSWERS,
  SMS_PROBLEMS,
  TWO_FA_PROBLEMS,
  type TicketCategoryCode,
} from "@/lib/validation/ticket-choices.ts";
import type { TicketIntake } from "@/lib/validation/ticket.ts";

/** The names of one category's detail fields, as its zod schema has them. */
type DetailName<Category extends TicketCategoryCode> = keyof Extract<TicketIntake, { category: Category }>["details"] & string;

/** How each category's detail fields (lib/validation/ticket.ts) appear on the form, in order. */
export type DetailField<Name extends string = string> =
  | { name: Name; kind: "text" | "email" | "tel"; optional?: boolean; autoComplete?: string }
  | { name: Name; kind: "datetime"; optional: true }
  | { name: Name; kind: "choice"; options: readonly string[] }
  | { name: Name; kind: "yesNo" }
  | { name: Name; kind: "country" };

export const DETAIL_FIELDS: { [Category in TicketCategoryCode]: DetailField<DetailName<Category>>[] } = {
  EMAIL: [
    { name: "mailType", kind: "choice", options: EMAIL_MAIL_TYPES },
    { name: "checkedSpam", kind: "yesNo" },
    { name: "registeredEmail", kind: "email", optional: true, autoComplete: "off" },
    { name: "mailProvider", kind: "text", optional: true },
    { name: "lastRequestedAt", kind: "datetime", optional: true },
  ],
  TWO_FA: [
    { name: "problem", kind: "choice", options: TWO_FA_PROBLEMS },
    { name: "hasBackupKey", kind: "yesNo" },
    { name: "phoneVerified", kind: "choice", options: PHONE_VERIFIED_ANSWERS },
    { name: "deviceChangedRecently", kind: "yesNo" },
  ],
  SMS: [
    { name: "phoneNumber", kind: "tel", autoComplete: "tel" },
    { name: "problem", kind: "choice", options: SMS_PROBLEMS },
    { name: "currentCountry", kind: "country" },
    { name: "carrier", kind: "text", optional: true },
  ],
  ACCOUNT: [
    { name: "problem", kind: "choice", options: ACCOUNT_PROBLEMS },
    { name: "suspectedUnauthorizedAccess", kind: "yesNo" },
    { name: "noticeReason", kind: "text", optional: true },
  ],
};
