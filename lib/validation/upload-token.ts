import * as z from "zod/mini";

/**
 * The per-form upload capability: 32 random bytes made in the browser, base64url. Only its hash
 * is stored (attachments.upload_token_hash).
 */
export const uploadTokenSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/, { error: "upload_token_invalid" }));

/** The UploadThing route's client input. */
export const uploadThingInputSchema = z.strictObject({ uploadToken: uploadTokenSchema });

/**
 * A form's screenshot fields: the picker's upload capability and the ids of its uploads, as
 * hidden inputs or in a server action's input. Whether the ids are this form's pending uploads
 * is checked when they are bound (lib/server/attachments/binding.ts), with its own messages.
 */
export const pendingAttachmentsSchema = z.object({
  uploadToken: z.nullish(z.string()),
  attachmentIds: z._default(z.array(z.string()), []),
});

export type PendingAttachments = z.infer<typeof pendingAttachmentsSchema>;
