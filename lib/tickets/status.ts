/** Ticket lifecycle (README "Tickets and triage"): NEW → OPEN (an agent owns it) → PENDING → RESOLVED → CLOSED. */
export const TICKET_STATUSES = ["NEW", "OPEN", "PENDING", "RESOLVED", "CLOSED"] as const;
export type TicketStatusCode = (typeof TICKET_STATUSES)[number];

/** The working set: what the queue shows when no status is chosen. */
export const ACTIVE_STATUSES: readonly TicketStatusCode[] = ["NEW", "OPEN", "PENDING"];

/** Statuses an agent may set by hand; NEW only ever means "nobody has touched it yet". */
export const AGENT_SETTABLE_STATUSES = ["OPEN", "PENDING", "RESOLVED", "CLOSED"] as const;
export type AgentSettableStatus = (typeof AGENT_SETTABLE_STATUSES)[number];

export function isFinishedStatus(status: TicketStatusCode): boolean {
  return status === "RESOLVED" || status === "CLOSED";
}

/**
 * First-response SLA breached: nobody has answered yet, the due time has passed and the ticket is
 * still open work. The only definition: its SQL twin is slaBreachedSql (lib/server/tickets/sla-breach.ts).
 */
export function isSlaBreached(
  ticket: { status: TicketStatusCode; slaDueAt: Date | string; firstRespondedAt: Date | string | null },
  now: Date = new Date(),
): boolean {
  return !ticket.firstRespondedAt && !isFinishedStatus(ticket.status) && new Date(ticket.slaDueAt).getTime() < now.getTime();
}
