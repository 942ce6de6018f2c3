import { isFinishedStatus, type TicketStatusCode } from "./status.ts";

export type SlaState =
  /** first response still due; `ms` left */
  | { kind: "due"; ms: number }
  /** nobody answered in time; `ms` past the due time */
  | { kind: "breached"; ms: number }
  | { kind: "answered" }
  | { kind: "finished" };

export function slaState(
  ticket: { status: TicketStatusCode; slaDueAt: string | Date; firstRespondedAt: string | Date | null },
  now: Date,
): SlaState {
  if (ticket.firstRespondedAt) return { kind: "answered" };
  if (isFinishedStatus(ticket.status)) return { kind: "finished" };
  const left = new Date(ticket.slaDueAt).getTime() - now.getTime();
  return left >= 0 ? { kind: "due", ms: left } : { kind: "breached", ms: -left };
}

export type DurationParts = { days: number; hours: number; minutes: number };

/** The two most significant units, rounded down to the minute: 2d 3h, 3h 12m, 12m. */
export function durationParts(ms: number): DurationParts {
  const totalMinutes = Math.floor(Math.max(0, ms) / 60_000);
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  return days > 0 ? { days, hours, minutes: 0 } : { days: 0, hours, minutes };
}
