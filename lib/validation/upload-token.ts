import * as z from "zod/mini";

/**
 * The per-form upload capability: 32 random bytes made in the browser, base64url. Only its hash
 * is stored (attachments.upload_token_hash).
 */
export const uploadTokenSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/, { error: "upload_token_invalid" }));

/** The UploadThing route's client input. */
export const uploadThingInputSchema = z.strictObject({ uploadToken: uploadTokenSchema });
