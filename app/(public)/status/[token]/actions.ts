"use server";

import { refresh } from "next/cache";
import { headers } from "next/headers";
import { translate } from "@/lib/i18n/messages.ts";
import { requestLocale } from "@/lib/i18n/request.ts";
import { clientAddress } from "@/lib/server/http/client-address.ts";
import { pendingAttachmentsFrom } from "@/lib/server/attachments/binding.ts";
import { attachmentErrorMessage } from "@/lib/server/attachments/http.ts";
import { describeError } from "@/lib/server/http/error-response.ts";
import { UPLOADS_PENDING_FIELD } from "@/lib/validation/attachment.ts";
import { addCustomerReply } from "@/lib/server/tickets/customer-view.ts";

export type ReplyState =
  | { status: "idle" }
  | { status: "sent"; masked: boolean; messageId: string }
  | { status: "invalid" | "closed" | "error"; message: string };

/** A reply from the status page; the token in the form is the only authority it carries. */
export async function replyToTicketAction(_previous: ReplyState, formData: FormData): Promise<ReplyState> {
  const language = await requestLocale();
  const token = String(formData.get("token") ?? "");
  if (formData.has(UPLOADS_PENDING_FIELD)) return { status: "invalid", message: translate(language, "attachments.picker.stillUploading") };
  try {
    const result = await addCustomerReply(
      token,
      { body: formData.get("body") },
      { clientAddress: clientAddress(await headers()), attachments: pendingAttachmentsFrom(formData) },
    );
    if (result.kind === "invalid") {
      return { status: "invalid", message: translate(language, `validation.${result.issues[0]?.message ?? "invalid"}`) };
    }
    refresh();
    if (result.kind === "closed") return { status: "closed", message: translate(language, "ticketStatus.closed") };
    return { status: "sent", masked: result.masked, messageId: result.messageId };
  } catch (error) {
    return { status: "error", message: attachmentErrorMessage(error, language) ?? describeError(error, language, "status.reply").message };
  }
}
