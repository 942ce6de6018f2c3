/**
 * The fixed choices of a ticket (categories, languages, the categories' answer lists), without
 * zod: the ticket form renders them on first load and loads its zod schemas (lib/validation/
 * ticket.ts) only when it first validates.
 */

export const TICKET_CATEGORIES = ["EMAIL", "TWO_FA", "SMS", "ACCOUNT"] as const;
export type TicketCategoryCode = (typeof TICKET_CATEGORIES)[number];

export const LANGUAGES = ["ja", "en"] as const;
export type LanguageCode = (typeof LANGUAGES)[number];

export const EMAIL_MAIL_TYPES = ["SIGNUP_VERIFICATION", "PASSWORD_RESET", "WITHDRAWAL_CONFIRMATION", "OTHER"] as const;
export const TWO_FA_PROBLEMS = ["CODE_REJECTED", "LOST_DEVICE", "NO_BACKUP_KEY", "RESET_REQUEST"] as const;
export const PHONE_VERIFIED_ANSWERS = ["YES", "NO", "UNKNOWN"] as const;
export const SMS_PROBLEMS = ["NO_SMS", "CODE_REJECTED", "NUMBER_CHANGED"] as const;
export const ACCOUNT_PROBLEMS = ["CANNOT_LOGIN", "FROZEN", "UNAUTHORIZED_ACCESS", "KYC", "OTHER"] as const;
