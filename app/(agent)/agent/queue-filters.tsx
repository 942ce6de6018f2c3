"use client";

import { useTranslations } from "next-intl";
import Form from "next/form";
import Link from "next/link";
import { useRef, type RefObject } from "react";
import type { AssignableAgent } from "@/lib/server/tickets/agent-view.ts";
import { PRIORITIES } from "@/lib/tickets/priority.ts";
import { TICKET_STATUSES } from "@/lib/tickets/status.ts";
import { DEFAULT_PAGE_SIZE, SEARCH_MAX_LENGTH, SEARCH_MIN_LENGTH, type QueueQuery } from "@/lib/validation/queue.ts";
import { TICKET_CATEGORIES } from "@/lib/validation/ticket-choices.ts";

/**
 * The filters as a GET form on /agent: submitting it is a navigation to the filtered URL, so a
 * view is a bookmarkable link and works without JavaScript. Choices apply as soon as they change.
 */
export function QueueFilters({
  query,
  agents,
  currentAgentId,
  searchInputRef,
}: {
  query: QueueQuery;
  agents: AssignableAgent[];
  currentAgentId: string;
  searchInputRef: RefObject<HTMLInputElement | null>;
}) {
  const t = useTranslations("queue");
  const form = useRef<HTMLFormElement>(null);
  const apply = () => form.current?.requestSubmit();
  const specificAssignee = !["me", "unassigned", "anyone"].includes(query.assignee) ? query.assignee : null;

  return (
    <Form action="/agent" ref={form} className="queue-filters" aria-label={t("filters.heading")}>
      <fieldset className="queue-filter-statuses">
        <legend>{t("filters.status")}</legend>
        {TICKET_STATUSES.map((status) => (
          <label key={status} className="checkbox-field">
            <input type="checkbox" name="status" value={status} defaultChecked={query.status.includes(status)} onChange={apply} />
            {t(`statuses.${status}`)}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="queue-filter-category">{t("filters.category")}</label>
        <select id="queue-filter-category" name="category" defaultValue={query.category ?? ""} onChange={apply}>
          <option value="">{t("filters.anyCategory")}</option>
          {TICKET_CATEGORIES.map((category) => (
            <option key={category} value={category}>
              {t(`categories.${category}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="queue-filter-priority">{t("filters.priority")}</label>
        <select id="queue-filter-priority" name="priority" defaultValue={query.priority ?? ""} onChange={apply}>
          <option value="">{t("filters.anyPriority")}</option>
          {PRIORITIES.map((priority) => (
            <option key={priority} value={priority}>
              {t(`priorities.${priority}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="queue-filter-assignee">{t("filters.assignee")}</label>
        <select id="queue-filter-assignee" name="assignee" defaultValue={query.assignee} onChange={apply}>
          <option value="anyone">{t("filters.assigneeScopes.anyone")}</option>
          <option value="me">{t("filters.assigneeScopes.me")}</option>
          <option value="unassigned">{t("filters.assigneeScopes.unassigned")}</option>
          <optgroup label={t("filters.assigneeScopes.agent")}>
            {agents
              .filter((agent) => agent.id !== currentAgentId || specificAssignee === agent.id)
              .map((agent) => (
                <option key={agent.id} value={agent.id}>
                  {agent.name}
                </option>
              ))}
          </optgroup>
        </select>
      </div>
      <label className="checkbox-field queue-filter-breached">
        <input type="checkbox" name="breached" value="1" defaultChecked={query.breached} onChange={apply} />
        {t("filters.breached")}
      </label>
      <div className="field queue-filter-search">
        <label htmlFor="queue-filter-q">{t("filters.search")}</label>
        <div className="queue-search-row">
          <input
            ref={searchInputRef}
            id="queue-filter-q"
            name="q"
            type="search"
            defaultValue={query.q ?? ""}
            minLength={SEARCH_MIN_LENGTH}
            maxLength={SEARCH_MAX_LENGTH}
            placeholder={t("filters.searchPlaceholder")}
            aria-describedby="queue-filter-q-hint"
          />
          <button type="submit" className="button button-small">
            {t("filters.searchButton")}
          </button>
        </div>
        <p id="queue-filter-q-hint" className="field-hint">
          {t("filters.searchHint", { min: SEARCH_MIN_LENGTH })}
        </p>
      </div>
      {query.limit !== DEFAULT_PAGE_SIZE && <input type="hidden" name="limit" value={query.limit} />}
      <p className="queue-filter-reset">
        <Link href="/agent">{t("filters.reset")}</Link>
      </p>
    </Form>
  );
}
