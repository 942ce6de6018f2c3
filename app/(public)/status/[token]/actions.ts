"use server";

import { refresh } from "next/cache";
import { headers } from "next/headers";
import { translate } from "@/lib/i18n/messages.ts";
import { requestLocale } from "@/lib/i18n/request.ts";
import { clientAddress } from "@/lib/server/http/client-address.ts";
import { describeError } from "@/lib/server/http/error-response.ts";
import { addCustomerReply } from "@/lib/server/tickets/customer-view.ts";

export type ReplyState =
  | { status: "idle" }
  | { status: "sent"; masked: boolean }
  | { status: "invalid" | "closed" | "error"; message: string };

/** A reply from the status page; the token in the form is the only authority it carries. */
export async function replyToTicketAction(_previous: ReplyState, formData: FormData): Promise<ReplyState> {
  const language = await requestLocale();
  const token = String(formData.get("token") ?? "");
  try {
    const result = await addCustomerReply(token, { body: formData.get("body") }, { clientAddress: clientAddress(await headers()) });
    if (result.kind === "invalid") {
      return { status: "invalid", message: translate(language, `validation.${result.issues[0]?.message ?? "invalid"}`) };
    }
    refresh();
    if (result.kind === "closed") return { status: "closed", message: translate(language, "ticketStatus.closed") };
    return { status: "sent", masked: result.masked };
  } catch (error) {
    return { status: "error", message: describeError(error, language, "status.reply").message };
  }
}
