"use server";

import { headers } from "next/headers";
import { redirect, RedirectType } from "next/navigation";
import { requestLocale } from "@/lib/i18n/request.ts";
import { clientAddress } from "@/lib/server/http/client-address.ts";
import { pendingAttachmentsFrom } from "@/lib/server/attachments/binding.ts";
import { attachmentErrorMessage } from "@/lib/server/attachments/http.ts";
import { describeError } from "@/lib/server/http/error-response.ts";
import { forgetSelfHelpSession } from "@/lib/server/self-help/session-cookie.ts";
import { submitIntake, type IntakeResult } from "@/lib/server/tickets/intake.ts";
import { statusPath, statusTokenFor } from "@/lib/server/tickets/status-link.ts";
import { isTicketCategory } from "@/lib/validation/ticket.ts";

export type SubmitTicketFailure = {
  /** Paths as in the intake API; messages are keys into the validation namespace. */
  fieldErrors: { path: string; message: string }[];
  /** A translated message about the submission as a whole. */
  formError?: string;
};

/**
 * The ticket form's submission. The intake service validates again (the browser's check is a
 * convenience) and the form's idempotency key makes a double click or a retry one ticket.
 * Success redirects to the confirmation page.
 */
export async function submitTicketAction(
  values: unknown,
  idempotencyKey: string,
  screenshots?: unknown,
): Promise<SubmitTicketFailure | undefined> {
  const language = await requestLocale();
  let result: IntakeResult;
  try {
    result = await submitIntake({
      body: values,
      channel: "web",
      clientAddress: clientAddress(await headers()),
      idempotencyKey: typeof idempotencyKey === "string" ? idempotencyKey : null,
      attachments: pendingAttachmentsFrom(screenshots),
    });
  } catch (error) {
    const message = attachmentErrorMessage(error, language) ?? describeError(error, language, "intake.web").message;
    return { fieldErrors: [], formError: message };
  }
  if (result.kind === "invalid") return { fieldErrors: result.issues };
  const category = (values as { category?: unknown }).category;
  if (isTicketCategory(category)) await forgetSelfHelpSession(category);
  redirect(`${statusPath(statusTokenFor(result.ticketId))}/received`, RedirectType.replace);
}
