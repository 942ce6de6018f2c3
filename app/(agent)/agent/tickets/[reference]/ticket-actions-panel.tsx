"use client";

import { useTranslations } from "next-intl";
import type { ActionResult } from "@/lib/server/actions/run-action.ts";
import type { TicketChangeResult } from "@/lib/server/tickets/agent-actions.ts";
import type { AssignableAgent } from "@/lib/server/tickets/agent-view.ts";
import { PRIORITIES } from "@/lib/tickets/priority.ts";
import { AGENT_SETTABLE_STATUSES } from "@/lib/tickets/status.ts";
import { TICKET_CATEGORIES } from "@/lib/validation/ticket-choices.ts";
import { assignAction, categoryAction, priorityAction, statusAction } from "./actions.ts";
import type { TicketSnapshot } from "./ticket-workspace.tsx";

type Perform = (action: () => Promise<ActionResult<TicketChangeResult | null>>, success: string) => void;

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
  perform: Perform;
}) {
  const t = useTranslations("ticket.actions");
  const notices = useTranslations("ticket.notices");
  const queue = useTranslations("queue");
  const seen = { ticketId, version: snapshot.version };
  const valueOf = (form: HTMLFormElement, name: string) => String(new FormData(form).get(name) ?? "");
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

      <form
        className="ticket-action-form"
        onSubmit={(event) => {
          event.preventDefault();
          const assigneeId = valueOf(event.currentTarget, "assigneeId");
          perform(() => assignAction({ ...seen, assigneeId }), notices("assigned"));
        }}
      >
        <label htmlFor="ticket-assignee">{t("assignee")}</label>
        <select id="ticket-assignee" name="assigneeId" defaultValue={snapshot.assignee?.id ?? ""}>
          <option value="">{t("nobody")}</option>
          {agents.map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.id === me.id ? t("meOption", { name: agent.name }) : agent.name}
            </option>
          ))}
        </select>
        <button type="submit" className="button button-secondary button-small" disabled={pending}>
          {t("save")}
        </button>
      </form>

      <form
        className="ticket-action-form"
        onSubmit={(event) => {
          event.preventDefault();
          const status = valueOf(event.currentTarget, "status");
          perform(() => statusAction({ ...seen, status }), notices("statusChanged"));
        }}
      >
        <label htmlFor="ticket-status">{t("status")}</label>
        <select id="ticket-status" name="status" defaultValue={snapshot.status === "NEW" ? "OPEN" : snapshot.status}>
          {AGENT_SETTABLE_STATUSES.map((status) => (
            <option key={status} value={status}>
              {queue(`statuses.${status}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="button button-secondary button-small" disabled={pending}>
          {t("save")}
        </button>
      </form>

      <form
        className="ticket-action-form"
        onSubmit={(event) => {
          event.preventDefault();
          const priority = valueOf(event.currentTarget, "priority");
          perform(() => priorityAction({ ...seen, priority }), notices("priorityChanged"));
        }}
      >
        <label htmlFor="ticket-priority">{t("priority")}</label>
        <select id="ticket-priority" name="priority" defaultValue={snapshot.priority}>
          {PRIORITIES.map((priority) => (
            <option key={priority} value={priority}>
              {queue(`priorities.${priority}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="button button-secondary button-small" disabled={pending}>
          {t("save")}
        </button>
      </form>

      <form
        className="ticket-action-form"
        onSubmit={(event) => {
          event.preventDefault();
          const category = valueOf(event.currentTarget, "category");
          perform(() => categoryAction({ ...seen, category }), notices("categoryChanged"));
        }}
      >
        <label htmlFor="ticket-category">{t("category")}</label>
        <select id="ticket-category" name="category" defaultValue={snapshot.category}>
          {TICKET_CATEGORIES.map((category) => (
            <option key={category} value={category}>
              {queue(`categories.${category}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="button button-secondary button-small" disabled={pending}>
          {t("save")}
        </button>
      </form>
    </section>
  );
}
