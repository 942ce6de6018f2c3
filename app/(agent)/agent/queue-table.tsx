"use client";

import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { SlaCountdown } from "@/components/sla-countdown/sla-countdown.tsx";
import type { QueueRow } from "@/lib/server/tickets/queue.ts";
import { isSlaBreached } from "@/lib/tickets/status.ts";

export function QueueTable({
  rows,
  now,
  selected,
  activeIndex,
  freshIds,
  onToggle,
  onToggleAll,
  onFocusRow,
}: {
  rows: QueueRow[];
  now: Date;
  selected: ReadonlySet<string>;
  activeIndex: number;
  freshIds: ReadonlySet<string>;
  onToggle(id: string): void;
  onToggleAll(checked: boolean): void;
  onFocusRow(index: number): void;
}) {
  const t = useTranslations("queue");
  const format = useFormatter();
  if (!rows.length) {
    return (
      <p className="queue-empty panel" data-testid="queue-empty">
        {t("table.empty")}
      </p>
    );
  }
  const allSelected = rows.every((row) => selected.has(row.id));
  return (
    <div className="table-scroll">
      <table className="data-table queue-table">
        <caption className="visually-hidden">{t("table.caption")}</caption>
        <thead>
          <tr>
            <th scope="col" className="queue-select">
              <input
                type="checkbox"
                aria-label={t("table.selectAll")}
                checked={allSelected}
                onChange={(event) => onToggleAll(event.target.checked)}
              />
            </th>
            <th scope="col">{t("table.ticket")}</th>
            <th scope="col">{t("table.sla")}</th>
            <th scope="col">{t("table.status")}</th>
            <th scope="col">{t("table.priority")}</th>
            <th scope="col">{t("table.category")}</th>
            <th scope="col">{t("table.assignee")}</th>
            <th scope="col">{t("table.created")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => {
            // Breach follows the ticking clock, not only the moment the page was read.
            const breached = isSlaBreached(row, now);
            const classes = [
              "queue-row",
              index === activeIndex ? "is-active" : "",
              selected.has(row.id) ? "is-selected" : "",
              freshIds.has(row.id) ? "is-fresh" : "",
              breached ? "is-breached" : "",
            ];
            return (
              <tr
                key={row.id}
                className={classes.filter(Boolean).join(" ")}
                data-ticket-id={row.id}
                data-reference={row.reference}
                data-testid="queue-row"
              >
                <td className="queue-select">
                  <input
                    type="checkbox"
                    aria-label={t("table.select", { reference: row.reference })}
                    checked={selected.has(row.id)}
                    onChange={() => onToggle(row.id)}
                  />
                </td>
                <td className="queue-ticket">
                  <Link
                    id={`queue-row-link-${row.id}`}
                    href={`/agent/tickets/${row.reference}`}
                    className="queue-reference"
                    onFocus={() => onFocusRow(index)}
                  >
                    {row.reference}
                  </Link>
                  <span className="queue-excerpt" lang={row.language}>
                    {row.excerpt}
                  </span>
                  <span className="queue-contact">{row.contactEmail}</span>
                </td>
                <td data-label={t("table.sla")}>
                  <SlaCountdown ticket={row} now={now} />
                </td>
                <td data-label={t("table.status")}>
                  <span className={`status-badge status-${row.status}`}>{t(`statuses.${row.status}`)}</span>
                </td>
                <td data-label={t("table.priority")}>
                  <span className={`priority-badge priority-${row.priority}`}>{t(`priorities.${row.priority}`)}</span>
                </td>
                <td data-label={t("table.category")}>{t(`categories.${row.category}`)}</td>
                <td data-label={t("table.assignee")} data-testid="queue-assignee">
                  {row.assignee?.name ?? <span className="muted">{t("table.unassigned")}</span>}
                </td>
                <td data-label={t("table.created")}>
                  <time dateTime={row.createdAt}>{format.dateTime(new Date(row.createdAt), { dateStyle: "short", timeStyle: "short" })}</time>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
