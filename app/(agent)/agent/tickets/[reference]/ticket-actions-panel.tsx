"use client";

import { useTranslations } from "next-intl";
import type { AssignableAgent } from "@/lib/server/tickets/agent-view.ts";
import { PRIORITIES } from "@/lib/tickets/priority.ts";
import { AGENT_SETTABLE_STATUSES } from "@/lib/tickets/status.ts";
import { TICKET_CATEGORIES } from "@/lib/validation/ticket-choices.ts";
import { assignAction, categoryAction, priorityAction, statusAction } from "./actions.ts";
import type { PerformTicketAction, TicketSnapshot } from "./ticket-work.ts";

/** Claim, assign, status, priority, category, resolve and close — each carries the accepted version. */
export function TicketActionsPanel({
  ticketId,
  snapshot,
  me,
  agents,
  canClaim,
  pending,
  onClaim,
  onResolve,
  perform,
}: {
  ticketId: string;
  snapshot: TicketSnapshot;
  me: { id: string; name: string };
  agents: AssignableAgent[];
  canClaim: boolean;
  pending: boolean;
  onClaim(): void;
  onResolve(): void;
  perform: PerformTicketAction;
}) {
  const t = useTranslations("ticket.actions");
  const notices = useTranslations("ticket.notices");
  const queue = useTranslations("queue");
  const seen = { ticketId, version: snapshot.version };
  const finished = snapshot.status === "RESOLVED" || snapshot.status === "CLOSED";

  return (
    <section className="panel ticket-actions" aria-labelledby="ticket-actions-title">
      <h2 id="ticket-actions-title">{t("heading")}</h2>
      <div className="ticket-action-buttons">
        {canClaim && (
          <button type="button" className="button" onClick={onClaim} disabled={pending} data-testid="claim-button">
            {t("claim")} <kbd aria-hidden="true">c</kbd>
          </button>
        )}
        {!finished && (
          <button type="button" className="button button-secondary" onClick={onResolve} disabled={pending} data-testid="resolve-button">
            {t("resolve")} <kbd aria-hidden="true">e</kbd>
          </button>
        )}
        {snapshot.status !== "CLOSED" && (
          <button
            type="button"
            className="button button-secondary"
            disabled={pending}
            onClick={() => perform(() => statusAction({ ...seen, status: "CLOSED" }), notices("closed"))}
          >
            {t("close")}
          </button>
        )}
      </div>

      <SelectChangeForm
        id="ticket-assignee"
        name="assigneeId"
        label={t("assignee")}
        saveLabel={t("save")}
        defaultValue={snapshot.assignee?.id ?? ""}
        options={[
          { value: "", label: t("nobody") },
          ...agents.map((agent) => ({ value: agent.id, label: agent.id === me.id ? t("meOption", { name: agent.name }) : agent.name })),
        ]}
        pending={pending}
        onSave={(assigneeId) => {
          // Someone else's ticket changes hands only when this agent says so.
          const owner = snapshot.assignee;
          const takeOver = Boolean(owner && owner.id !== me.id && owner.id !== assigneeId);
          if (takeOver && !window.confirm(t("takeOverConfirm", { owner: owner!.name }))) return;
          perform(() => assignAction({ ...seen, assigneeId, takeOver }), notices("assigned"));
        }}
      />
      <SelectChangeForm
        id="ticket-status"
        name="status"
        label={t("status")}
        saveLabel={t("save")}
        defaultValue={snapshot.status === "NEW" ? "OPEN" : snapshot.status}
        options={AGENT_SETTABLE_STATUSES.map((status) => ({ value: status, label: queue(`statuses.${status}`) }))}
        pending={pending}
        onSave={(status) => perform(() => statusAction({ ...seen, status }), notices("statusChanged"))}
      />
      <SelectChangeForm
        id="ticket-priority"
        name="priority"
        label={t("priority")}
        saveLabel={t("save")}
        defaultValue={snapshot.priority}
        options={PRIORITIES.map((priority) => ({ value: priority, label: queue(`priorities.${priority}`) }))}
        pending={pending}
        onSave={(priority) => perform(() => priorityAction({ ...seen, priority }), notices("priorityChanged"))}
      />
      <SelectChangeForm
        id="ticket-category"
        name="category"
        label={t("category")}
        saveLabel={t("save")}
        defaultValue={snapshot.category}
        options={TICKET_CATEGORIES.map((category) => ({ value: category, label: queue(`categories.${category}`) }))}
        pending={pending}
        onSave={(category) => perform(() => categoryAction({ ...seen, category }), notices("categoryChanged"))}
      />
    </section>
  );
}

/** One field of the ticket picked from a list and saved on its own (the server checks the value). */
function SelectChangeForm<Value extends string>({
  id,
  name,
  label,
  saveLabel,
  defaultValue,
  options,
  pending,
  onSave,
}: {
  id: string;
  name: string;
  label: string;
  saveLabel: string;
  defaultValue: Value;
  options: { value: Value; label: string }[];
  pending: boolean;
  onSave(value: Value): void;
}) {
  return (
    <form
      className="ticket-action-form"
      onSubmit={(event) => {
        event.preventDefault();
        // one of `options`: the select offers nothing else
        onSave(String(new FormData(event.currentTarget).get(name) ?? "") as Value);
      }}
    >
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={defaultValue}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <button type="submit" className="button button-secondary button-small" disabled={pending}>
        {saveLabel}
      </button>
    </form>
  );
}
