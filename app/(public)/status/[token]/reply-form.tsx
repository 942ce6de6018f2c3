"use client";

import { useTranslations } from "next-intl";
import { useActionState, type ReactNode } from "react";
import { replyToTicketAction, type ReplyState } from "./actions.ts";

type ReplyFormProps = {
  token: string;
  /** Chosen on the server for the first reply, so the form works the same without JavaScript. */
  submissionId: string;
  /** Slot for reply attachments (attachments area); nothing is rendered without one. */
  attachmentPicker?: ReactNode;
};

/** Works without JavaScript too: the server action answers the plain form post. */
export function ReplyForm({ token, submissionId, attachmentPicker }: ReplyFormProps) {
  const t = useTranslations("ticketStatus.reply");
  const [state, formAction, pending] = useActionState<ReplyState, FormData>(replyToTicketAction, { status: "idle", submissionId });
  const problem = state.status === "invalid" || state.status === "closed" || state.status === "error" ? state.message : null;
  return (
    <form action={formAction} className="reply-form">
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="submissionId" value={state.submissionId} />
      <div className="field">
        <label htmlFor="reply-body">{t("label")}</label>
        <textarea
          id="reply-body"
          name="body"
          rows={5}
          required
          maxLength={5000}
          aria-invalid={state.status === "invalid"}
          aria-describedby={problem ? "reply-problem" : undefined}
        />
        {problem ? (
          <p className="field-error" id="reply-problem" role="alert">
            {problem}
          </p>
        ) : null}
      </div>
      {/* A new picker (and upload capability) for each reply. */}
      <div key={state.status === "sent" ? state.messageId : "draft"}>{attachmentPicker}</div>
      <button type="submit" className="button button-primary" disabled={pending}>
        {pending ? t("sending") : t("submit")}
      </button>
      <p aria-live="polite" className="reply-status">
        {state.status === "sent" ? t("sent") : ""}
        {state.status === "sent" && state.masked ? ` ${t("masked")}` : ""}
      </p>
    </form>
  );
}
