"use server";

import { randomUUID } from "node:crypto";
import { refresh } from "next/cache";
import { headers } from "next/headers";
import { translator } from "@/lib/i18n/messages.ts";
import { requestLocale } from "@/lib/i18n/request.ts";
import { clientAddress } from "@/lib/server/http/client-address.ts";
import { pendingAttachmentsFrom } from "@/lib/server/attachments/binding.ts";
import { attachmentErrorMessage } from "@/lib/server/attachments/http.ts";
import { describeError } from "@/lib/server/http/error-response.ts";
import { UPLOADS_PENDING_FIELD } from "@/lib/validation/attachment.ts";
import { addCustomerReply } from "@/lib/server/tickets/customer-view.ts";

/** `submissionId` is the id the form sends with its next reply; a new one once a reply is sent. */
export type ReplyState =
  | { status: "idle"; submissionId: string }
  | { status: "sent"; masked: boolean; messageId: string; submissionId: string }
  | { status: "invalid" | "closed" | "error"; message: string; submissionId: string };

/** A reply from the status page; the token in the form is the only authority it carries. */
export async function replyToTicketAction(_previous: ReplyState, formData: FormData): Promise<ReplyState> {
  const language = await requestLocale();
  const token = String(formData.get("token") ?? "");
  // A retry keeps the id it was sent with, so a reply that did get stored is not stored twice.
  const sentId = formData.get("submissionId");
  const submissionId = typeof sentId === "string" && sentId ? sentId : randomUUID();
  if (formData.has(UPLOADS_PENDING_FIELD)) {
    return { status: "invalid", message: translator(language)("attachments.picker.stillUploading"), submissionId };
  }
  try {
    const result = await addCustomerReply(
      token,
      { body: formData.get("body"), submissionId },
      { clientAddress: clientAddress(await headers()), attachments: pendingAttachmentsFrom(formData) },
    );
    if (result.kind === "invalid") {
      return { status: "invalid", message: translator(language)(`validation.${result.issues[0]?.message ?? "invalid"}`), submissionId };
    }
    refresh();
    if (result.kind === "closed") return { status: "closed", message: translator(language)("ticketStatus.closed"), submissionId };
    return { status: "sent", masked: result.masked, messageId: result.messageId, submissionId: randomUUID() };
  } catch (error) {
    const message = attachmentErrorMessage(error, language) ?? describeError(error, language, "status.reply").message;
    return { status: "error", message, submissionId };
  }
}
