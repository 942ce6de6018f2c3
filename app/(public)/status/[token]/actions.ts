"use server";

import { randomUUID } from "node:crypto";
import { refresh } from "next/cache";
import { AppError } from "@/lib/errors.ts";
import { customerAction } from "@/lib/server/actions/action-client.ts";
import { addCustomerReply } from "@/lib/server/tickets/customer-view.ts";
import { UPLOADS_PENDING_FIELD } from "@/lib/validation/attachment.ts";
import { customerReplyFormSchema } from "@/lib/validation/customer-reply-form.ts";

export type ReplySent = { outcome: "sent"; masked: boolean; messageId: string; nextSubmissionId: string } | { outcome: "closed" };

/**
 * A reply from the status page, as a plain form post (useActionState) so it works without
 * JavaScript. The link's token in the form is the only authority it carries; the layer resolves
 * it to the ticket before this runs. A retry keeps the submission id it was sent with, so a
 * reply that did get stored is not stored twice; a new one comes back once a reply is stored.
 */
export const replyToTicketAction = customerAction({ name: "status.reply" }, customerReplyFormSchema).stateAction<ReplySent>(
  async ({ parsedInput, ctx }) => {
    const { body, submissionId, uploadToken, attachmentIds } = parsedInput;
    if (parsedInput[UPLOADS_PENDING_FIELD]) {
      throw new AppError("VALIDATION_FAILED", { detail: "screenshots still uploading", params: { messageKey: "attachments.picker.stillUploading" } });
    }
    const result = await addCustomerReply(
      ctx.customer,
      { body, submissionId },
      { clientAddress: ctx.clientAddress, attachments: { uploadToken, attachmentIds } },
    );
    if (result.kind === "invalid") {
      throw new AppError("VALIDATION_FAILED", { detail: "reply", params: { messageKey: `validation.${result.issues[0]?.message ?? "invalid"}` } });
    }
    refresh();
    if (result.kind === "closed") return { outcome: "closed" };
    return { outcome: "sent", masked: result.masked, messageId: result.messageId, nextSubmissionId: randomUUID() };
  },
);
