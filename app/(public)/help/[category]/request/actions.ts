"use server";

import { redirect, RedirectType } from "next/navigation";
import { publicAction, refuseFields } from "@/lib/server/actions/action-client.ts";
import { markSuggestionSessionsFiled } from "@/lib/server/self-help/sessions.ts";
import { forgetSelfHelpSession, forgetSuggestionSessions, suggestionSessionIdsFromCookie } from "@/lib/server/self-help/session-cookie.ts";
import { submitIntake } from "@/lib/server/tickets/intake.ts";
import { statusPath, statusTokenFor } from "@/lib/server/tickets/status-link.ts";
import { ticketSubmissionSchema } from "@/lib/validation/ticket.ts";

/**
 * The ticket form's submission, through the same intake as the API: the form's idempotency key
 * makes a double click or a retry one ticket. Success redirects to the confirmation page.
 */
export const submitTicketAction = publicAction({ name: "intake.web" }, ticketSubmissionSchema).action(
  async ({ parsedInput: { ticket, idempotencyKey, screenshots }, ctx }) => {
    const result = await submitIntake({
      body: ticket,
      channel: "web",
      clientAddress: ctx.clientAddress,
      idempotencyKey,
      attachments: screenshots,
    });
    // What only the intake can tell: a self-help session that cannot be linked, a reused key.
    if (result.kind === "invalid") {
      const issues = result.issues.map((issue) => ({ ...issue, path: issue.path === "Idempotency-Key" ? "idempotencyKey" : `ticket.${issue.path}` }));
      refuseFields(ticketSubmissionSchema, issues);
    }
    await forgetSelfHelpSession(ticket.category);
    // Suggestions opened on the way did not spare this visitor the ticket.
    await markSuggestionSessionsFiled(await suggestionSessionIdsFromCookie());
    await forgetSuggestionSessions();
    redirect(`${statusPath(statusTokenFor(result.ticketId))}/received`, RedirectType.replace);
  },
);
