import { z } from "zod";

/**
 * Agent sign-in, shared by the sign-in form (react-hook-form) and the Credentials provider.
 * Messages are keys into messages/<lang>/auth.json under "validation".
 */

/** For every password an account is given (first admin, agents created by an admin). */
export const MIN_PASSWORD_LENGTH = 12;

// argon2 hashes any length, but nothing legitimate is this long; refusing early keeps a
// megabyte "password" from costing server time.
export const MAX_PASSWORD_LENGTH = 256;

export const signInSchema = z.object({
  email: z
    .string({ error: "emailRequired" })
    .trim()
    .min(1, { error: "emailRequired" })
    .max(254, { error: "emailInvalid" })
    .pipe(z.email({ error: "emailInvalid" }))
    .transform((email) => email.toLowerCase()),
  password: z
    .string({ error: "passwordRequired" })
    .min(1, { error: "passwordRequired" })
    .max(MAX_PASSWORD_LENGTH, { error: "passwordTooLong" }),
});

export type SignInInput = z.input<typeof signInSchema>;
export type SignInCredentials = z.output<typeof signInSchema>;
