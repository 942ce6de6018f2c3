import "server-only";
import { Prisma } from "@/generated/prisma/client.ts";
import { isFinishedStatus, TICKET_STATUSES } from "@/lib/tickets/status.ts";

const OPEN_WORK = TICKET_STATUSES.filter((status) => !isFinishedStatus(status));

/** No first reply yet and still open work: the first-response clock is running. */
function awaitingFirstReply(table: string): Prisma.Sql {
  const column = (name: string) => Prisma.raw(`${table}.${name}`);
  return Prisma.sql`${column("first_responded_at")} IS NULL
    AND ${column("status")} IN (${Prisma.join(OPEN_WORK.map((status) => Prisma.sql`${status}::"TicketStatus"`))})`;
}

/**
 * isSlaBreached (lib/tickets/status.ts) as a condition on `table`, the only definition of an SLA
 * breach: no first reply yet, the due time has passed, and the ticket is still open work.
 */
export function slaBreachedSql(now: Date, table = "tickets"): Prisma.Sql {
  return Prisma.sql`(${awaitingFirstReply(table)} AND ${Prisma.raw(`${table}.sla_due_at`)} < ${now})`;
}

/** Still within the SLA: no first reply yet, open work, not yet due. */
export function slaPendingSql(now: Date, table = "tickets"): Prisma.Sql {
  return Prisma.sql`(${awaitingFirstReply(table)} AND ${Prisma.raw(`${table}.sla_due_at`)} >= ${now})`;
}
