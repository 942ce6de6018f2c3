"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useImperativeHandle, useState, type Ref } from "react";
import { useForm } from "react-hook-form";
import type { CannedResponseOption } from "@/lib/server/tickets/agent-view.ts";
import { AGENT_SETTABLE_STATUSES } from "@/lib/tickets/status.ts";
import { noteFormSchema, replyFormSchema, type NoteForm, type ReplyForm } from "@/lib/validation/ticket-work.ts";
import type { LanguageCode } from "@/lib/validation/ticket-choices.ts";
import { noteAction, replyAction } from "./actions.ts";
import type { PerformTicketAction } from "./ticket-work.ts";
import { FormField } from "@/components/form-field/form-field.tsx";

type Mode = "reply" | "note";
export type ReplyBoxHandle = { focus(mode: Mode): void };

/**
 * Writing to the customer (a public reply, with canned responses in the ticket's language) or to
 * colleagues (an internal note, which never reaches the customer). The two look different on
 * purpose: a note is yellow and labelled "agents only".
 */
export function ReplyBox({
  ticketId,
  version,
  language,
  cannedResponses,
  pending,
  perform,
  ref,
}: {
  ticketId: string;
  version: number;
  language: LanguageCode;
  cannedResponses: CannedResponseOption[];
  pending: boolean;
  perform: PerformTicketAction;
  ref?: Ref<ReplyBoxHandle>;
}) {
  const t = useTranslations("ticket.compose");
  const notices = useTranslations("ticket.notices");
  const queue = useTranslations("queue");
  const [mode, setMode] = useState<Mode>("reply");
  const reply = useForm<ReplyForm>({ resolver: zodResolver(replyFormSchema), defaultValues: { body: "", status: "PENDING" } });
  const note = useForm<NoteForm>({ resolver: zodResolver(noteFormSchema), defaultValues: { body: "" } });

  useImperativeHandle(
    ref,
    () => ({
      focus(next: Mode) {
        setMode(next);
        // after the panel for `next` is shown
        setTimeout(() => (next === "reply" ? reply.setFocus("body") : note.setFocus("body")), 0);
      },
    }),
    [reply, note],
  );

  const insertCanned = (id: string) => {
    const chosen = cannedResponses.find((response) => response.id === id);
    if (!chosen) return;
    const current = reply.getValues("body").trimEnd();
    reply.setValue("body", current ? `${current}\n\n${chosen.body}` : chosen.body, { shouldDirty: true, shouldValidate: true });
    reply.setFocus("body");
  };


  return (
    <section className="panel compose" aria-labelledby="compose-title">
      <h2 id="compose-title" className="visually-hidden">
        {t("heading")}
      </h2>
      <div className="compose-tabs" role="tablist" aria-label={t("heading")}>
        <button
          type="button"
          role="tab"
          id="compose-tab-reply"
          aria-controls="compose-panel-reply"
          aria-selected={mode === "reply"}
          tabIndex={mode === "reply" ? 0 : -1}
          className="compose-tab compose-tab-reply"
          onClick={() => setMode("reply")}
        >
          <span aria-hidden="true">↩ </span>
          {t("replyTab")} <kbd aria-hidden="true">r</kbd>
        </button>
        <button
          type="button"
          role="tab"
          id="compose-tab-note"
          aria-controls="compose-panel-note"
          aria-selected={mode === "note"}
          tabIndex={mode === "note" ? 0 : -1}
          className="compose-tab compose-tab-note"
          onClick={() => setMode("note")}
        >
          <span aria-hidden="true">🔒 </span>
          {t("noteTab")} <kbd aria-hidden="true">n</kbd>
        </button>
      </div>

      <form
        id="compose-panel-reply"
        role="tabpanel"
        aria-labelledby="compose-tab-reply"
        hidden={mode !== "reply"}
        className="form-stack compose-reply"
        noValidate
        onSubmit={reply.handleSubmit((values) =>
          perform(() => replyAction({ ticketId, version, ...values }), notices("replied"), () => reply.reset({ body: "", status: "PENDING" })),
        )}
      >
        {cannedResponses.length > 0 && (
          <div className="field">
            <label htmlFor="compose-canned">{t("canned", { language: t(`languages.${language}`) })}</label>
            <select id="compose-canned" value="" onChange={(event) => insertCanned(event.target.value)}>
              <option value="">{t("cannedNone")}</option>
              {cannedResponses.map((response) => (
                <option key={response.id} value={response.id}>
                  {response.title}
                </option>
              ))}
            </select>
          </div>
        )}
        <FormField id="compose-reply-body" label={t("replyLabel")} hint={t("replyHint")} error={reply.formState.errors.body} messages="ticket.compose.validation">
          {(control) => <textarea lang={language} rows={6} {...control} {...reply.register("body")} />}
        </FormField>
        <div className="form-row">
          <div className="field">
            <label htmlFor="compose-reply-status">{t("statusAfter")}</label>
            <select id="compose-reply-status" {...reply.register("status")}>
              {AGENT_SETTABLE_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {queue(`statuses.${status}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button" disabled={pending}>
            {t("send")}
          </button>
        </div>
      </form>

      <form
        id="compose-panel-note"
        role="tabpanel"
        aria-labelledby="compose-tab-note"
        hidden={mode !== "note"}
        className="form-stack compose-note"
        noValidate
        onSubmit={note.handleSubmit((values) =>
          perform(() => noteAction({ ticketId, ...values }), notices("noteAdded"), () => note.reset({ body: "" })),
        )}
      >
        <FormField id="compose-note-body" label={t("noteLabel")} hint={t("noteHint")} error={note.formState.errors.body} messages="ticket.compose.validation">
          {(control) => <textarea rows={4} {...control} {...note.register("body")} />}
        </FormField>
        <button type="submit" className="button button-note" disabled={pending}>
          {t("addNote")}
        </button>
      </form>
    </section>
  );
}
