import { z } from "zod";
import { zfd } from "zod-form-data";
import { UPLOADS_PENDING_FIELD } from "./attachment.ts";
import { customerReplySchema } from "./ticket.ts";
import { pendingAttachmentsSchema } from "./upload-token.ts";

/**
 * The status page's reply form as its server action receives it: FormData (the form works
 * without JavaScript) with the link's token, the reply (customerReplySchema) and the screenshot
 * picker's hidden inputs. Kept apart from ticket.ts so the ticket form's bundle stays on zod/mini.
 */
export const customerReplyFormSchema = zfd.formData({
  token: z.string().max(200),
  ...customerReplySchema.shape,
  uploadToken: pendingAttachmentsSchema.shape.uploadToken,
  attachmentIds: zfd.repeatableOfType(z.string()),
  // present while the picker is still uploading: the reply would go without those screenshots
  [UPLOADS_PENDING_FIELD]: zfd.checkbox({ trueValue: "1" }),
});
