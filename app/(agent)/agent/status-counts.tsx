"use client";

import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import type { StatusCount } from "@/lib/server/tickets/queue.ts";
import { queueSearchString, type QueueQuery } from "@/lib/validation/queue.ts";

/** Tickets per status for the other filters; each links to that status alone. */
export function StatusCounts({ counts, query }: { counts: StatusCount[]; query: QueueQuery }) {
  const t = useTranslations("queue");
  const format = useFormatter();
  return (
    <nav className="status-counts" aria-label={t("counts.label")}>
      <ul>
        {counts.map((count) => {
          const only = query.status.length === 1 && query.status[0] === count.status;
          const value = format.number(count.count);
          return (
            <li key={count.status}>
              <Link
                href={`/agent${queueSearchString({ ...query, status: [count.status] })}`}
                aria-current={only ? "page" : undefined}
                data-status={count.status}
                data-testid={`status-count-${count.status}`}
              >
                <span className="status-count-label">{t(`statuses.${count.status}`)}</span>
                <span className="status-count-value" title={count.kind === "exact" ? undefined : t("counts.cappedHint")}>
                  {count.kind === "exact" ? value : t(`counts.${count.kind}`, { count: value })}
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
