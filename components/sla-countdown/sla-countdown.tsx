"use client";

import { useTranslations } from "next-intl";
import { durationParts, slaState } from "@/lib/tickets/sla-countdown.ts";
import type { TicketStatusCode } from "@/lib/tickets/status.ts";

/** "Due in 3h 12m", or a red "Overdue by 25m" badge once the first-response SLA is breached. */
export function SlaCountdown({
  ticket,
  now,
}: {
  ticket: { status: TicketStatusCode; slaDueAt: string; firstRespondedAt: string | null };
  now: Date;
}) {
  const t = useTranslations("queue.sla");
  const state = slaState(ticket, now);
  const exact = new Date(ticket.slaDueAt).toISOString();
  if (state.kind === "answered" || state.kind === "finished") {
    return <span className="sla sla-done">{t(state.kind)}</span>;
  }
  const parts = durationParts(state.ms);
  const duration =
    parts.days > 0
      ? t("duration.daysHours", parts)
      : parts.hours > 0
        ? t("duration.hoursMinutes", parts)
        : parts.minutes > 0
          ? t("duration.minutes", parts)
          : t("duration.underMinute");
  if (state.kind === "breached") {
    return (
      <span className="sla sla-breached" data-sla="breached">
        <span aria-hidden="true">⚠ </span>
        <time dateTime={exact}>{t("overdue", { duration })}</time>
      </span>
    );
  }
  return (
    <span className={`sla ${state.ms < 60 * 60_000 ? "sla-soon" : "sla-due"}`} data-sla="due">
      <time dateTime={exact}>{t("dueIn", { duration })}</time>
    </span>
  );
}
