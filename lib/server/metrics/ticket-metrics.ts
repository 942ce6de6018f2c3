import "server-only";
import { Prisma, type PrismaClient } from "@/generated/prisma/client.ts";
import { assertActor, type AgentActor } from "@/lib/server/auth/actor.ts";
import { SOLVED } from "@/lib/self-help/types.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { slaBreachedSql, slaPendingSql } from "@/lib/server/tickets/sla-breach.ts";
import { PRIORITIES } from "@/lib/tickets/priority.ts";
import { TICKET_STATUSES } from "@/lib/tickets/status.ts";
import { daysInRange, type MetricsFilters } from "@/lib/validation/metrics.ts";
import { TICKET_CATEGORIES, type TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";

type Priority = (typeof PRIORITIES)[number];

export type TicketMetrics = {
  days: { day: string; counts: Record<TicketCategoryCode, number> }[];
  /** visitors (a client once a day) whose self-help finished, by their outcome */
  deflectionByCategory: { category: TicketCategoryCode; finished: number; deflected: number; escalated: number; abandoned: number; rate: number | null }[];
  deflectionBySteps: { category: TicketCategoryCode; stepKey: string; shown: number; solved: number; rate: number | null }[];
  /**
   * Visitors who opened a suggestion (start page search, ticket form): deflected by it when they
   * then did not file (its session ended solved or abandoned), escalated when they filed anyway.
   */
  suggestions: { opened: number; deflected: number; escalated: number };
  /** `priority: null` is the total over the filtered tickets */
  responseTimes: { priority: Priority | null; responded: number; medianFirstResponseSeconds: number | null; resolved: number; medianResolutionSeconds: number | null }[];
  /**
   * First replies in time and late, tickets breached now (isSlaBreached) and not yet due; a ticket
   * resolved or closed without a reply owes none and is in no column.
   */
  sla: { priority: Priority | null; met: number; late: number; breached: number; pending: number; compliance: number | null }[];
  backlog: { status: (typeof TICKET_STATUSES)[number]; count: number }[];
};

/**
 * Who self-help figures count: a client once per (UTC) day, by the session's pseudonym
 * (lib/server/self-help/visitor.ts), so one client answering many times moves no rate by more
 * than one visitor; a session from before pseudonyms were kept counts on its own.
 */
export const VISITOR = Prisma.sql`coalesce(s.client_hash, s.id::text)`;

/**
 * The dashboard's metrics for tickets (and self-help sessions) started in the filtered days.
 * Every query is bounded by the date range on an indexed timestamp (tickets.created_at,
 * self_help_sessions (category, started_at)), so the cost follows the range, not the table size.
 * Any active agent may read them. The priority filter applies to tickets only: self-help
 * sessions have no priority. Deflection counts visitors (see VISITOR), each with one outcome: a
 * ticket (escalated) outweighs "solved", which outweighs leaving; a step counts the visitors
 * who saw it and who called it solved.
 */
export async function ticketMetrics(
  actor: AgentActor,
  filters: MetricsFilters,
  options: { timeZone: string; now?: Date },
  db: PrismaClient = prisma(),
): Promise<TicketMetrics> {
  await assertActor(db, actor);
  const { timeZone } = options;
  const now = options.now ?? new Date();
  // Day boundaries in the support time zone, computed by PostgreSQL (daylight saving included).
  const rangeStart = Prisma.sql`((${filters.from}::date)::timestamp AT TIME ZONE ${timeZone})`;
  const rangeEnd = Prisma.sql`((${filters.to}::date + 1)::timestamp AT TIME ZONE ${timeZone})`;
  const ticketWhere = Prisma.sql`t.created_at >= ${rangeStart} AND t.created_at < ${rangeEnd}
    ${filters.category ? Prisma.sql`AND t.category = ${filters.category}::"TicketCategory"` : Prisma.empty}
    ${filters.priority ? Prisma.sql`AND t.priority = ${filters.priority}::"TicketPriority"` : Prisma.empty}`;
  // Naming every category lets PostgreSQL use the (category, started_at) index for each one
  // instead of scanning all sessions.
  const sessionCategories = filters.category ? [filters.category] : [...TICKET_CATEGORIES];
  const sessionWhere = Prisma.sql`s.category IN (${Prisma.join(sessionCategories.map((category) => Prisma.sql`${category}::"TicketCategory"`))})
    AND s.started_at >= ${rangeStart} AND s.started_at < ${rangeEnd}`;

  const [perDay, deflection, steps, times, sla, backlog, suggested] = await Promise.all([
    db.$queryRaw<{ day: string; category: TicketCategoryCode; count: bigint }[]>`
      SELECT to_char(t.created_at AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS day, t.category::text AS category, count(*) AS count
      FROM tickets t WHERE ${ticketWhere}
      GROUP BY 1, 2`,
    db.$queryRaw<{ category: TicketCategoryCode; deflected: bigint; escalated: bigint; abandoned: bigint }[]>`
      SELECT category,
        count(*) FILTER (WHERE deflected AND NOT escalated) AS deflected,
        count(*) FILTER (WHERE escalated) AS escalated,
        count(*) FILTER (WHERE abandoned AND NOT escalated AND NOT deflected) AS abandoned
      FROM (
        SELECT s.category::text AS category,
          bool_or(s.outcome = 'DEFLECTED') AS deflected,
          bool_or(s.outcome = 'ESCALATED') AS escalated,
          bool_or(s.outcome = 'ABANDONED') AS abandoned
        FROM self_help_sessions s WHERE ${sessionWhere}
        GROUP BY s.category, ${VISITOR}
      ) AS visitors
      GROUP BY 1`,
    db.$queryRaw<{ category: TicketCategoryCode; step_key: string; shown: bigint; solved: bigint }[]>`
      SELECT s.category::text AS category, st.step_key,
        count(DISTINCT ${VISITOR}) AS shown,
        count(DISTINCT ${VISITOR}) FILTER (WHERE st.answer = ${SOLVED} AND st.undone_at IS NULL) AS solved
      FROM self_help_sessions s JOIN self_help_steps st ON st.session_id = s.id
      WHERE ${sessionWhere}
      GROUP BY 1, 2`,
    db.$queryRaw<{ priority: Priority | null; responded: bigint; first_response: number | null; resolved: bigint; resolution: number | null }[]>`
      SELECT t.priority::text AS priority,
        count(t.first_responded_at) AS responded,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.first_responded_at - t.created_at)) AS first_response,
        count(t.resolved_at) AS resolved,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.resolved_at - t.created_at)) AS resolution
      FROM tickets t WHERE ${ticketWhere}
      GROUP BY GROUPING SETS ((t.priority), ())`,
    db.$queryRaw<{ priority: Priority | null; met: bigint; late: bigint; breached: bigint; pending: bigint }[]>`
      SELECT t.priority::text AS priority,
        count(*) FILTER (WHERE t.first_responded_at <= t.sla_due_at) AS met,
        count(*) FILTER (WHERE t.first_responded_at > t.sla_due_at) AS late,
        count(*) FILTER (WHERE ${slaBreachedSql(now, "t")}) AS breached,
        count(*) FILTER (WHERE ${slaPendingSql(now, "t")}) AS pending
      FROM tickets t WHERE ${ticketWhere}
      GROUP BY GROUPING SETS ((t.priority), ())`,
    db.$queryRaw<{ status: (typeof TICKET_STATUSES)[number]; count: bigint }[]>`
      SELECT t.status::text AS status, count(*) AS count FROM tickets t WHERE ${ticketWhere} GROUP BY 1`,
    db.$queryRaw<{ opened: bigint; deflected: bigint; escalated: bigint }[]>`
      SELECT count(*) AS opened,
        count(*) FILTER (WHERE finished AND NOT escalated) AS deflected,
        count(*) FILTER (WHERE escalated) AS escalated
      FROM (
        SELECT bool_or(s.outcome = 'ESCALATED') AS escalated, bool_or(s.outcome IN ('DEFLECTED', 'ABANDONED')) AS finished
        FROM self_help_sessions s WHERE ${sessionWhere} AND s.entry = 'SUGGESTION'
        GROUP BY ${VISITOR}
      ) AS visitors`,
  ]);

  const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);
  const categories = filters.category ? [filters.category] : [...TICKET_CATEGORIES];
  const priorities = filters.priority ? [filters.priority] : [...PRIORITIES];

  const perDayCounts = new Map(perDay.map((row) => [`${row.day}|${row.category}`, Number(row.count)]));
  const days = daysInRange(filters.from, filters.to).map((day) => ({
    day,
    counts: Object.fromEntries(TICKET_CATEGORIES.map((category) => [category, perDayCounts.get(`${day}|${category}`) ?? 0])) as Record<TicketCategoryCode, number>,
  }));

  const deflectionRows = new Map(deflection.map((row) => [row.category, row]));
  const deflectionByCategory = categories.map((category) => {
    const row = deflectionRows.get(category);
    const [deflected, escalated, abandoned] = [row?.deflected, row?.escalated, row?.abandoned].map((value) => Number(value ?? 0)) as [number, number, number];
    const finished = deflected + escalated + abandoned;
    return { category, finished, deflected, escalated, abandoned, rate: rate(deflected, finished) };
  });

  const deflectionBySteps = steps
    .map((row) => ({ category: row.category, stepKey: row.step_key, shown: Number(row.shown), solved: Number(row.solved), rate: rate(Number(row.solved), Number(row.shown)) }))
    .sort((a, b) => categories.indexOf(a.category) - categories.indexOf(b.category) || b.shown - a.shown || a.stepKey.localeCompare(b.stepKey));

  const timeRows = new Map(times.map((row) => [row.priority, row]));
  const responseTimes = [null, ...priorities].map((priority) => {
    const row = timeRows.get(priority);
    return {
      priority,
      responded: Number(row?.responded ?? 0),
      medianFirstResponseSeconds: row?.first_response ?? null,
      resolved: Number(row?.resolved ?? 0),
      medianResolutionSeconds: row?.resolution ?? null,
    };
  });

  const slaRows = new Map(sla.map((row) => [row.priority, row]));
  const slaSummary = [null, ...priorities].map((priority) => {
    const row = slaRows.get(priority);
    const [met, late, breached, pending] = [row?.met, row?.late, row?.breached, row?.pending].map((value) => Number(value ?? 0)) as [number, number, number, number];
    return { priority, met, late, breached, pending, compliance: rate(met, met + late + breached) };
  });

  const backlogCounts = new Map(backlog.map((row) => [row.status, Number(row.count)]));
  return {
    days,
    deflectionByCategory,
    deflectionBySteps,
    suggestions: {
      opened: Number(suggested[0]?.opened ?? 0),
      deflected: Number(suggested[0]?.deflected ?? 0),
      escalated: Number(suggested[0]?.escalated ?? 0),
    },
    responseTimes,
    sla: slaSummary,
    backlog: TICKET_STATUSES.map((status) => ({ status, count: backlogCounts.get(status) ?? 0 })),
  };
}
