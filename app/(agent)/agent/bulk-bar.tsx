"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import type { AssignableAgent } from "@/lib/server/tickets/agent-view.ts";
import { AGENT_SETTABLE_STATUSES } from "@/lib/tickets/status.ts";
import { actionOutcome, type ActionResponse, type ActionResult } from "@/lib/actions/action-result.ts";
import { bulkAssignAction, bulkStatusAction, type BulkSummary } from "./actions.ts";

export type BulkOutcome = ActionResult<BulkSummary>;

type SelectedTicket = { ticketId: string; version: number; assigneeId: string | null };

/** Assign or change the status of every selected ticket. */
export function BulkBar({
  tickets,
  agents,
  currentAgentId,
  onOutcome,
  onClear,
}: {
  tickets: SelectedTicket[];
  agents: AssignableAgent[];
  currentAgentId: string;
  onOutcome(outcome: BulkOutcome): void;
  onClear(): void;
}) {
  const t = useTranslations("queue.bulk");
  const statusLabel = useTranslations("queue.statuses");
  const [assigneeId, setAssigneeId] = useState("");
  const [status, setStatus] = useState<(typeof AGENT_SETTABLE_STATUSES)[number]>("PENDING");
  const [pending, startTransition] = useTransition();

  const run = (action: () => Promise<ActionResponse<BulkSummary>>) =>
    startTransition(async () => {
      onOutcome(actionOutcome(await action()));
    });

  return (
    <section className="bulk-bar panel" aria-labelledby="bulk-bar-title">
      <h2 id="bulk-bar-title" className="bulk-bar-title">
        {t("selected", { count: tickets.length })}
      </h2>
      <form
        className="bulk-bar-form"
        onSubmit={(event) => {
          event.preventDefault();
          // Tickets other agents own change hands only when this agent says so, as on a ticket.
          const othersOwn = tickets.filter((ticket) => ticket.assigneeId && ticket.assigneeId !== currentAgentId && ticket.assigneeId !== assigneeId).length;
          if (othersOwn > 0 && !window.confirm(t("takeOverConfirm", { count: othersOwn }))) return;
          const chosen = tickets.map(({ ticketId, version }) => ({ ticketId, version }));
          run(() => bulkAssignAction({ tickets: chosen, assigneeId, takeOver: othersOwn > 0 }));
        }}
      >
        <label htmlFor="bulk-assignee">{t("assignTo")}</label>
        <select id="bulk-assignee" value={assigneeId} onChange={(event) => setAssigneeId(event.target.value)}>
          <option value="">{t("unassign")}</option>
          {agents.map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.name}
            </option>
          ))}
        </select>
        <button type="submit" className="button button-small" disabled={pending}>
          {t("assign")}
        </button>
      </form>
      <form
        className="bulk-bar-form"
        onSubmit={(event) => {
          event.preventDefault();
          run(() => bulkStatusAction({ tickets: tickets.map(({ ticketId, version }) => ({ ticketId, version })), status }));
        }}
      >
        <label htmlFor="bulk-status">{t("setStatus")}</label>
        <select id="bulk-status" value={status} onChange={(event) => setStatus(event.target.value as typeof status)}>
          {AGENT_SETTABLE_STATUSES.map((value) => (
            <option key={value} value={value}>
              {statusLabel(value)}
            </option>
          ))}
        </select>
        <button type="submit" className="button button-small" disabled={pending}>
          {t("apply")}
        </button>
      </form>
      <button type="button" className="button button-secondary button-small" onClick={onClear}>
        {t("clear")}
      </button>
      {pending && (
        <p className="bulk-bar-working" role="status">
          {t("working")}
        </p>
      )}
    </section>
  );
}

/** What the last bulk change did, including every ticket that could not be changed and why. */
export function BulkOutcomeNotice({ outcome }: { outcome: BulkOutcome | null }) {
  const t = useTranslations("queue.bulk");
  return (
    <div aria-live="polite" className="bulk-outcome" data-testid="bulk-outcome">
      {outcome && !outcome.ok && <p className="form-alert">{outcome.message}</p>}
      {outcome?.ok && (
        <>
          <p className="form-success">{t("done", { changed: outcome.data.changed, unchanged: outcome.data.unchanged })}</p>
          {outcome.data.failures.length > 0 && (
            <div className="form-alert" role="alert">
              <p>{t("failures", { count: outcome.data.failures.length })}</p>
              <ul>
                {outcome.data.failures.map((failure) => (
                  <li key={failure.reference}>
                    <strong>{failure.reference}</strong>: {failure.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
    </div>
  );
}
