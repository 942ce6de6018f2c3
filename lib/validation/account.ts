import { z } from "zod";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./auth.ts";
import { toStorableText } from "./storable-text.ts";

/**
 * An agent's own account: second factors, sessions, password. Shared by the forms and the server
 * actions; messages are keys into messages/<lang>/account.json under "validation".
 */

const id = z.uuid({ error: "invalid" });

/** A TOTP code (6 digits) or a recovery code (10 letters and digits, dashes and spaces ignored). */
export const secondFactorCodeSchema = z.strictObject({
  code: z
    .string({ error: "codeRequired" })
    .trim()
    .min(1, { error: "codeRequired" })
    .max(40, { error: "codeWrong" })
    .refine((code) => /^\d{6}$/.test(code.replace(/\s/g, "")) || /^[a-z0-9]{10}$/i.test(code.replace(/[\s-]/g, "")), { error: "codeWrong" }),
});

export const factorNameSchema = z
  .string({ error: "nameRequired" })
  .overwrite(toStorableText)
  .trim()
  .min(1, { error: "nameRequired" })
  .max(60, { error: "tooLong" });

export const confirmTotpSchema = z.strictObject({
  factorId: id,
  code: z.string({ error: "codeRequired" }).trim().regex(/^\d{6}$/, { error: "codeWrong" }),
  name: factorNameSchema,
});

/** A WebAuthn response from @simplewebauthn/browser; its content is checked by the server library. */
const webauthnResponse = z.record(z.string(), z.unknown());

export const finishPasskeySchema = z.strictObject({ challengeId: id, response: webauthnResponse, name: factorNameSchema });
export const passkeyAssertionSchema = z.strictObject({ challengeId: id, response: webauthnResponse });
export const renameFactorSchema = z.strictObject({ factorId: id, name: factorNameSchema });
export const factorIdSchema = z.strictObject({ factorId: id });
export const sessionIdSchema = z.strictObject({ sessionId: id });
export const noInputSchema = z.strictObject({});

const newPassword = z
  .string({ error: "passwordTooShort" })
  .min(MIN_PASSWORD_LENGTH, { error: "passwordTooShort" })
  .max(MAX_PASSWORD_LENGTH, { error: "tooLong" });

export const changePasswordSchema = z
  .strictObject({
    currentPassword: z.string({ error: "passwordRequired" }).min(1, { error: "passwordRequired" }).max(MAX_PASSWORD_LENGTH, { error: "tooLong" }),
    newPassword,
    confirmPassword: z.string({ error: "passwordsDiffer" }),
  })
  .refine((input) => input.newPassword === input.confirmPassword, { path: ["confirmPassword"], error: "passwordsDiffer" });

export const resetPasswordSchema = z
  .strictObject({
    token: z.string({ error: "invalid" }).min(1, { error: "invalid" }).max(200, { error: "invalid" }),
    newPassword,
    confirmPassword: z.string({ error: "passwordsDiffer" }),
  })
  .refine((input) => input.newPassword === input.confirmPassword, { path: ["confirmPassword"], error: "passwordsDiffer" });

export type SecondFactorCodeInput = z.input<typeof secondFactorCodeSchema>;
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;
export type ResetPasswordInput = z.input<typeof resetPasswordSchema>;
