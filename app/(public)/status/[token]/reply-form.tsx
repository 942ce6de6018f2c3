"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState, type ReactNode } from "react";
import { actionOutcome } from "@/lib/actions/action-result.ts";
import { replyToTicketAction } from "./actions.ts";
import { FormField } from "@/components/form-field/form-field.tsx";

type ReplyFormProps = {
  token: string;
  /** Chosen on the server for the first reply, so the form works the same without JavaScript. */
  submissionId: string;
  /** Slot for reply attachments (attachments area); nothing is rendered without one. */
  attachmentPicker?: ReactNode;
};

type ReplyResult = Awaited<ReturnType<typeof replyToTicketAction>>;

/** Works without JavaScript too: the server action answers the plain form post. */
export function ReplyForm({ token, submissionId, attachmentPicker }: ReplyFormProps) {
  const t = useTranslations("ticketStatus.reply");
  const status = useTranslations("ticketStatus");
  const [result, formAction, pending] = useActionState(replyToTicketAction, {} as ReplyResult);
  // A failed or repeated post keeps the id it was sent with (the reply may have been stored);
  // a stored reply hands out the id for the next one.
  const [seen, setSeen] = useState({ result, submissionId });
  if (seen.result !== result) {
    const next = result.data?.outcome === "sent" ? result.data.nextSubmissionId : seen.submissionId;
    setSeen({ result, submissionId: next });
  }
  const outcome = actionOutcome(result);
  const sent = outcome.ok && outcome.data?.outcome === "sent" ? outcome.data : null;
  const problem = !outcome.ok ? outcome.message : outcome.data?.outcome === "closed" ? status("closed") : null;
  return (
    <form action={formAction} className="reply-form">
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="submissionId" value={seen.submissionId} />
      <FormField id="reply-body" label={t("label")} error={problem ? { type: "server", message: problem } : undefined} messages="validation">
        {(control) => (
          <textarea
            name="body"
            rows={5}
            required
            maxLength={5000}
            {...control}
            aria-invalid={!outcome.ok && outcome.code === "VALIDATION_FAILED" ? true : undefined}
          />
        )}
      </FormField>
      {/* A new picker (and upload capability) for each reply. */}
      <div key={sent ? sent.messageId : "draft"}>{attachmentPicker}</div>
      <button type="submit" className="button button-primary" disabled={pending}>
        {pending ? t("sending") : t("submit")}
      </button>
      <p aria-live="polite" className="reply-status">
        {sent ? t("sent") : ""}
        {sent?.masked ? ` ${t("masked")}` : ""}
      </p>
    </form>
  );
}
