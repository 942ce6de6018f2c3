import "server-only";
import { Prisma, type PrismaClient } from "@/generated/prisma/client.ts";
import { AppError } from "@/lib/errors.ts";
import { agentRead, agentTransaction, type AgentActor } from "@/lib/server/auth/actor.ts";
import { REFERENCE_PATTERN, UUID_PATTERN } from "@/lib/validation/identifiers.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { slaBreachedSql } from "@/lib/server/tickets/sla-breach.ts";
import type { PriorityCode } from "@/lib/tickets/priority.ts";
import { isFinishedStatus, isSlaBreached, TICKET_STATUSES, type TicketStatusCode } from "@/lib/tickets/status.ts";
import type { TicketSummary } from "@/lib/tickets/ticket-summary.ts";
import type { QueueFilters, QueueQuery } from "@/lib/validation/queue.ts";
import type { LanguageCode, TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";

/**
 * The triage queue at a million tickets.
 *
 * Order is (sla_due_at, id) and pages are keyset pages: a cursor names the last row seen, so a
 * deep page costs what the first one does and rows inserted meanwhile never shift a page (no
 * duplicates, no gaps). Each chosen status is read as its own branch ordered by the
 * (…, status, sla_due_at, id) indexes and the branches are merged: a plain "status IN (…)" on the
 * (sla_due_at, id) index would first walk past every old CLOSED ticket, whose due times lie in
 * the past. A text search counts its matches first: a few are found through the trigram (or
 * reference/email) indexes and sorted, many turn up quickly along the SLA order. Counts per
 * status are capped (see STATUS_COUNT_CAP) so a page load never counts a million rows.
 * scripts/queue-plans.ts prints the plans and timings of all of this against a real database.
 */

export type QueueRow = TicketSummary & {
  excerpt: string;
  slaDueAt: string;
  firstRespondedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  assignee: { id: string; name: string } | null;
  breached: boolean;
};

/**
 * How many tickets of a status match. "exact": counted. Past STATUS_COUNT_CAP counting stops:
 * "estimate" is the query planner's figure when it agrees there are more (shown "≈ 912,000"),
 * "atLeast" the number counted when the estimate says otherwise (shown "1,000+").
 */
export type StatusCount = { status: TicketStatusCode; count: number; kind: "exact" | "estimate" | "atLeast" };

export type QueuePage = {
  rows: QueueRow[];
  /** pass as `after` for the next page; null on the last page */
  nextCursor: string | null;
  /** pass as `before` for the previous page; null on the first page */
  previousCursor: string | null;
  counts: StatusCount[];
  /** the server's clock, so countdowns in the browser do not depend on the agent's clock */
  generatedAt: string;
};

/**
 * Exact counting stops here. Agents need exact numbers for the working set (tens to hundreds);
 * past a thousand the planner's estimate ("≈ 912,000 closed") says as much, costs a plan instead
 * of a scan, and the bound keeps every exact count to at most this many index entries. Measured
 * at a million tickets: 10,000 exact entries per status cost 30–90 ms a page load, 1,000 cost
 * a few milliseconds.
 */
export const STATUS_COUNT_CAP = 1_000;
/**
 * A search counts its matches across all statuses at once, up to this many: a common word is
 * then found within a few thousand rows, a rare one through the trigram indexes.
 */
const SEARCH_COUNT_CAP = STATUS_COUNT_CAP;

const EXCERPT_LENGTH = 160;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Position = { slaDueAt: Date; id: string };
type Direction = "forward" | "backward";

type TicketQueueRecord = {
  id: string;
  reference: string;
  status: TicketStatusCode;
  priority: PriorityCode;
  category: TicketCategoryCode;
  language: LanguageCode;
  contact_email: string;
  excerpt: string;
  sla_due_at: Date;
  first_responded_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
  assignee_id: string | null;
  assignee_name: string | null;
};

export function encodeCursor(position: Position): string {
  return Buffer.from(`${position.slaDueAt.getTime()}:${position.id}`).toString("base64url");
}

// The times PostgreSQL's timestamptz and an ISO 8601 string both hold (years 1 to 9999); a cursor
// outside them is forged, and the database would refuse it with an error, not an empty page.
const EARLIEST_POSITION_MS = Date.parse("0001-01-01T00:00:00.000Z");
const LATEST_POSITION_MS = Date.parse("9999-12-31T23:59:59.999Z");

/** The position a cursor names, or null when it names none a ticket can have. */
function cursorPosition(cursor: string): Position | null {
  const [text, id, ...rest] = Buffer.from(cursor, "base64url").toString("utf8").split(":");
  if (rest.length || !text || !/^-?\d{1,15}$/.test(text) || !id || !UUID_PATTERN.test(id)) return null;
  const time = Number(text);
  return time >= EARLIEST_POSITION_MS && time <= LATEST_POSITION_MS ? { slaDueAt: new Date(time), id } : null;
}

/** Whether the query's cursors name positions; listing a query whose do not is refused with a 422. */
export function hasValidCursors(query: QueueQuery): boolean {
  return [query.after, query.before].every((cursor) => cursor === undefined || cursorPosition(cursor) !== null);
}

/** The query's cursor as a position, or null on the first page. */
function queryPosition(query: QueueQuery): Position | null {
  const [field, cursor] = query.before ? (["before", query.before] as const) : (["after", query.after] as const);
  if (cursor === undefined) return null;
  const position = cursorPosition(cursor);
  if (!position) throw new AppError("VALIDATION_FAILED", { detail: "malformed queue cursor", issues: [{ path: field, message: "cursor_invalid" }] });
  return position;
}

/** `%` and `_` typed by an agent are searched for literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/** Every filter except status, as SQL conditions on `tickets`. */
function filterConditions(filters: QueueFilters, actor: AgentActor, now: Date): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (filters.category) conditions.push(Prisma.sql`category = ${filters.category}::"TicketCategory"`);
  if (filters.priority) conditions.push(Prisma.sql`priority = ${filters.priority}::"TicketPriority"`);
  if (filters.assignee === "me") conditions.push(Prisma.sql`assignee_id = ${actor.id}::uuid`);
  else if (filters.assignee === "unassigned") conditions.push(Prisma.sql`assignee_id IS NULL`);
  else if (filters.assignee !== "anyone") conditions.push(Prisma.sql`assignee_id = ${filters.assignee}::uuid`);
  if (filters.breached) conditions.push(slaBreachedSql(now));
  const search = filters.q?.trim();
  if (search) {
    const pattern = likePattern(search);
    if (REFERENCE_PATTERN.test(search.toUpperCase())) {
      // A reference is typed or pasted whole: the unique index answers it exactly.
      conditions.push(Prisma.sql`reference = ${search.toUpperCase()}`);
    } else if (EMAIL_PATTERN.test(search)) {
      // A whole address is looked up exactly (b-tree on lower(contact_email)); trigrams of
      // addresses are too alike ("gmail", "example") to narrow much. Descriptions may mention it.
      conditions.push(Prisma.sql`(lower(contact_email) = ${search.toLowerCase()} OR description ILIKE ${pattern})`);
    } else {
      // Substrings of email and description use the trigram GIN indexes.
      conditions.push(Prisma.sql`(contact_email ILIKE ${pattern} OR description ILIKE ${pattern})`);
    }
  }
  return conditions;
}

/** The statuses a query may return: a breach only exists while the ticket is still open work. */
function searchableStatuses(filters: QueueFilters): TicketStatusCode[] {
  return filters.breached ? filters.status.filter((status) => !isFinishedStatus(status)) : [...filters.status];
}

function whereClause(conditions: Prisma.Sql[]): Prisma.Sql {
  return conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
}

/**
 * How a page is read. "per-status": each chosen status is its own branch walking its
 * (…, status, sla_due_at, id) index in order, merged, each at most `limit` rows — right for plain
 * filters and for searches with many matches. "matches-first": one statement that lets the
 * search indexes find the (few) matches, then sorts them.
 */
type Strategy = "per-status" | "matches-first";

type RowSource = { statuses: TicketStatusCode[]; conditions: Prisma.Sql[]; strategy: Strategy };

function rowSource(actor: AgentActor, filters: QueueFilters, now: Date, strategy: Strategy): RowSource {
  return { statuses: searchableStatuses(filters), conditions: filterConditions(filters, actor, now), strategy };
}

/**
 * Rows of the source beyond `position` in `direction`, in that direction's order; `excerpt`
 * holds the start of the description, or all of it when `fullDescription` (exports).
 */
function rowsQuery(
  source: RowSource,
  position: Position | null,
  direction: Direction,
  limit: number,
  fullDescription = false,
): Prisma.Sql {
  const order = direction === "forward" ? Prisma.sql`sla_due_at ASC, id ASC` : Prisma.sql`sla_due_at DESC, id DESC`;
  const keyset = position
    ? direction === "forward"
      ? [Prisma.sql`(sla_due_at, id) > (${position.slaDueAt}, ${position.id}::uuid)`]
      : [Prisma.sql`(sla_due_at, id) < (${position.slaDueAt}, ${position.id}::uuid)`]
    : [];
  const select = (statusCondition: Prisma.Sql) => Prisma.sql`(
    SELECT id, reference, status, priority, category, language, contact_email,
           ${fullDescription ? Prisma.sql`description` : Prisma.sql`left(description, ${EXCERPT_LENGTH})`} AS excerpt, sla_due_at, first_responded_at, created_at, updated_at,
           version, assignee_id
    FROM tickets
    ${whereClause([statusCondition, ...source.conditions, ...keyset])}
    ORDER BY ${order}
    LIMIT ${limit}
  )`;
  const branches =
    source.strategy === "matches-first"
      ? [select(Prisma.sql`status IN (${statusList(source.statuses)})`)]
      : source.statuses.map((status) => select(Prisma.sql`status = ${status}::"TicketStatus"`));
  return Prisma.sql`
    SELECT page.*, users.name AS assignee_name
    FROM (${Prisma.join(branches, " UNION ALL ")}) AS page
    LEFT JOIN users ON users.id = page.assignee_id
    ORDER BY ${direction === "forward" ? Prisma.sql`page.sla_due_at ASC, page.id ASC` : Prisma.sql`page.sla_due_at DESC, page.id DESC`}
    LIMIT ${limit}`;
}

function statusList(statuses: TicketStatusCode[]): Prisma.Sql {
  return Prisma.join(statuses.map((status) => Prisma.sql`${status}::"TicketStatus"`));
}

function toQueueRow(record: TicketQueueRecord, now: Date): QueueRow {
  const row = {
    id: record.id,
    reference: record.reference,
    status: record.status,
    priority: record.priority,
    category: record.category,
    language: record.language,
    contactEmail: record.contact_email,
    excerpt: record.excerpt,
    slaDueAt: new Date(record.sla_due_at).toISOString(),
    firstRespondedAt: record.first_responded_at ? new Date(record.first_responded_at).toISOString() : null,
    createdAt: new Date(record.created_at).toISOString(),
    updatedAt: new Date(record.updated_at).toISOString(),
    version: Number(record.version),
    assignee: record.assignee_id ? { id: record.assignee_id, name: record.assignee_name ?? "" } : null,
  };
  return { ...row, breached: isSlaBreached(row, now) };
}

async function fetchRows(
  db: PrismaClient,
  source: RowSource,
  position: Position | null,
  direction: Direction,
  limit: number,
): Promise<TicketQueueRecord[]> {
  if (!source.statuses.length) return [];
  return db.$queryRaw<TicketQueueRecord[]>(rowsQuery(source, position, direction, limit));
}

export type ExportedQueueRow = Omit<QueueRow, "excerpt"> & { description: string };

const EXPORT_BATCH_SIZE = 500;

export type QueueExport = {
  /** how many tickets the file holds */
  rowCount: number;
  rows: AsyncGenerator<ExportedQueueRow>;
};

/**
 * The CSV export of the filtered queue, for `actor`. Everything that can refuse it happens before
 * a byte is sent: the actor is checked, the matching tickets are counted (an export over
 * `maxRows` is refused, and an unreachable database is an error answer rather than a truncated
 * "successful" file), and the export is recorded in the audit log with its filters and size, in
 * one transaction. The rows are then read in keyset batches, so a large export streams with
 * flat memory and never holds a long-running statement.
 */
export async function openQueueExport(
  actor: AgentActor,
  query: QueueQuery,
  options: { maxRows: number; filtersText: string },
  db: PrismaClient = prisma(),
  now: Date = new Date(),
): Promise<QueueExport> {
  const { source, rowCount } = await agentTransaction(
    actor,
    async (tx) => {
      const strategy = query.q ? searchStrategy(query, await countStatuses(actor, query, db, now)) : "per-status";
      const source = rowSource(actor, query, now, strategy);
      const rowCount = source.statuses.length ? await countUpTo(tx, source, options.maxRows + 1) : 0;
      if (rowCount > options.maxRows) {
        throw new AppError("VALIDATION_FAILED", {
          detail: `export of more than ${options.maxRows} tickets`,
          params: { messageKey: "queue.export.tooMany", max: options.maxRows },
        });
      }
      await tx.auditEvent.create({
        data: { ticketId: null, actorType: "AGENT", actorId: actor.id, action: "queue.exported", data: { filters: options.filtersText, rows: rowCount } },
      });
      return { source, rowCount };
    },
    db,
  );
  return { rowCount, rows: exportedRows(source, rowCount > 0, db, now) };
}

async function* exportedRows(source: RowSource, anything: boolean, db: PrismaClient, now: Date): AsyncGenerator<ExportedQueueRow> {
  if (!anything) return;
  let position: Position | null = null;
  for (;;) {
    const records: TicketQueueRecord[] = await db.$queryRaw<TicketQueueRecord[]>(
      rowsQuery(source, position, "forward", EXPORT_BATCH_SIZE, true),
    );
    for (const record of records) {
      const { excerpt, ...row } = toQueueRow(record, now);
      yield { ...row, description: excerpt };
    }
    const last = records.at(-1);
    if (!last || records.length < EXPORT_BATCH_SIZE) return;
    position = { slaDueAt: new Date(last.sla_due_at), id: last.id };
  }
}

/** How many tickets `source` matches, counting no further than `limit`. */
async function countUpTo(db: Prisma.TransactionClient, source: RowSource, limit: number): Promise<number> {
  const rows = await db.$queryRaw<{ count: bigint }[]>`
    SELECT count(*) AS count FROM (
      SELECT 1 FROM tickets ${whereClause([Prisma.sql`status IN (${statusList(source.statuses)})`, ...source.conditions])} LIMIT ${limit}
    ) AS matching`;
  return Number(rows[0]?.count ?? 0);
}

/**
 * One page of the queue for `actor`, in SLA order, with counts per status for the same filters
 * (all statuses). `after`/`before` are cursors from an earlier page.
 */
export async function listQueue(
  actor: AgentActor,
  query: QueueQuery,
  db: PrismaClient = prisma(),
  now: Date = new Date(),
): Promise<QueuePage> {
  return agentRead(actor, async (reader) => {
    if (!query.q) {
      const [page, counts] = await Promise.all([
        queuePageRows(actor, query, reader, now, "per-status"),
        countStatuses(actor, query, reader, now),
      ]);
      return { ...page, counts, generatedAt: now.toISOString() };
    }
    // A search counts its matches first: that tells which way of reading the page is cheap.
    const counts = await countStatuses(actor, query, reader, now);
    const page = await queuePageRows(actor, query, reader, now, searchStrategy(query, counts));
    return { ...page, counts, generatedAt: now.toISOString() };
  }, db);
}

/** Few matches: find them through the search indexes. Many: walk the SLA order, they turn up quickly. */
export function searchStrategy(filters: QueueFilters, counts: StatusCount[]): Strategy {
  const chosen = counts.filter((count) => filters.status.includes(count.status));
  return chosen.some((count) => count.kind !== "exact") ? "per-status" : "matches-first";
}

async function queuePageRows(
  actor: AgentActor,
  query: QueueQuery,
  db: PrismaClient = prisma(),
  now: Date = new Date(),
  strategy: Strategy = "per-status",
): Promise<Omit<QueuePage, "counts" | "generatedAt">> {
  const source = rowSource(actor, query, now, strategy);
  const direction: Direction = query.before ? "backward" : "forward";
  const position = queryPosition(query);

  let records = await fetchRows(db, source, position, direction, query.limit + 1);
  if (direction === "backward" && records.length <= query.limit) {
    // Paging back reached the start: show a full first page rather than a short one.
    return queuePageRows(actor, { ...query, before: undefined, after: undefined }, db, now, strategy);
  }
  const hasMoreInDirection = records.length > query.limit;
  records = records.slice(0, query.limit);
  if (direction === "backward") records.reverse();

  const first = records[0];
  const last = records.at(-1);
  const positionOf = (record: TicketQueueRecord): Position => ({ slaDueAt: new Date(record.sla_due_at), id: record.id });
  const hasRowsBeyond = async (boundary: Position | null, towards: Direction) =>
    Boolean(boundary) && (await fetchRows(db, source, boundary, towards, 1)).length > 0;

  const hasNext =
    direction === "forward" ? hasMoreInDirection : await hasRowsBeyond(last ? positionOf(last) : position, "forward");
  const hasPrevious =
    direction === "backward"
      ? hasMoreInDirection
      : Boolean(position) && (await hasRowsBeyond(first ? positionOf(first) : position, "backward"));
  return {
    rows: records.map((record) => toQueueRow(record, now)),
    nextCursor: hasNext && last ? encodeCursor(positionOf(last)) : null,
    previousCursor: hasPrevious && first ? encodeCursor(positionOf(first)) : null,
  };
}

/**
 * Tickets per status for the current filters, the status filter itself left out (so the counts
 * tell the agent where to look next).
 *
 * The planner's estimate comes first (a plan, no rows read). A status estimated well past
 * STATUS_COUNT_CAP is reported as that estimate; the others are counted exactly, reading at
 * most STATUS_COUNT_CAP + 1 index entries (rows, when a filter is not in the index) each — a
 * count that still hits the cap falls back to the estimate. A search counts its matches in one
 * statement, up to SEARCH_COUNT_CAP in all.
 */
export function countByStatus(
  actor: AgentActor,
  filters: QueueFilters,
  db: PrismaClient = prisma(),
  now: Date = new Date(),
): Promise<StatusCount[]> {
  return agentRead(actor, (reader) => countStatuses(actor, filters, reader, now), db);
}

async function countStatuses(actor: AgentActor, filters: QueueFilters, db: PrismaClient, now: Date): Promise<StatusCount[]> {
  const conditions = filterConditions(filters, actor, now);
  const counted = TICKET_STATUSES.filter((status) => !(filters.breached && isFinishedStatus(status)));
  const estimates = new Map(
    await Promise.all(counted.map(async (status) => [status, await estimateCount(db, status, conditions)] as const)),
  );
  /** Counting stopped at `counted` matches: the estimate when it says more, else "at least". */
  const beyondCount = (status: TicketStatusCode, counted: number): StatusCount => {
    const estimate = estimates.get(status) ?? 0;
    return estimate > counted ? { status, count: estimate, kind: "estimate" } : { status, count: counted, kind: "atLeast" };
  };

  if (filters.q) {
    const rows = await db.$queryRaw<{ status: TicketStatusCode; count: bigint | number }[]>(searchCountsSql(counted, conditions));
    const matches = new Map(rows.map((row) => [row.status, Number(row.count)]));
    const total = [...matches.values()].reduce((sum, count) => sum + count, 0);
    return TICKET_STATUSES.map((status) => {
      const count = matches.get(status) ?? 0;
      // Past the cap the counted matches are a sample: each status has at least its share.
      return total > SEARCH_COUNT_CAP && counted.includes(status) ? beyondCount(status, count) : { status, count, kind: "exact" };
    });
  }

  const toCount = counted.filter((status) => (estimates.get(status) ?? 0) <= ESTIMATE_TRUST_THRESHOLD);
  const exact = new Map<TicketStatusCode, number>();
  if (toCount.length) {
    const [row] = await db.$queryRaw<Record<TicketStatusCode, bigint | number>[]>(cappedCountsSql(toCount, conditions));
    for (const status of toCount) exact.set(status, Number(row?.[status] ?? 0));
  }
  return TICKET_STATUSES.map((status) => {
    if (!counted.includes(status)) return { status, count: 0, kind: "exact" };
    const count = exact.get(status);
    if (count === undefined) return { status, count: estimates.get(status) ?? 0, kind: "estimate" };
    return count > STATUS_COUNT_CAP ? beyondCount(status, STATUS_COUNT_CAP) : { status, count, kind: "exact" };
  });
}

/**
 * Above this estimate a status is not counted at all. The estimate assumes filters are
 * independent, so it can be off for correlated ones (new tickets are the unassigned ones); a
 * margin over the cap keeps such mistakes to statuses that are large anyway.
 */
const ESTIMATE_TRUST_THRESHOLD = 5 * STATUS_COUNT_CAP;

function cappedCountsSql(statuses: TicketStatusCode[], conditions: Prisma.Sql[]): Prisma.Sql {
  const columns = statuses.map(
    (status) => Prisma.sql`(SELECT count(*) FROM (
        SELECT 1 FROM tickets
        ${whereClause([Prisma.sql`status = ${status}::"TicketStatus"`, ...conditions])}
        LIMIT ${STATUS_COUNT_CAP + 1}
      ) AS capped) AS ${Prisma.raw(`"${status}"`)}`,
  );
  return Prisma.sql`SELECT ${Prisma.join(columns, ", ")}`;
}

function searchCountsSql(statuses: TicketStatusCode[], conditions: Prisma.Sql[]): Prisma.Sql {
  return Prisma.sql`
    SELECT status, count(*) AS count FROM (
      SELECT status FROM tickets
      ${whereClause([Prisma.sql`status IN (${statusList(statuses)})`, ...conditions])}
      LIMIT ${SEARCH_COUNT_CAP + 1}
    ) AS matches
    GROUP BY status`;
}

/** The planner's row estimate: what the statistics say, without reading the rows. */
async function estimateCount(db: PrismaClient, status: TicketStatusCode, conditions: Prisma.Sql[]): Promise<number> {
  const [row] = await db.$queryRaw<{ "QUERY PLAN": unknown }[]>(
    Prisma.sql`EXPLAIN (FORMAT JSON) SELECT 1 FROM tickets ${whereClause([Prisma.sql`status = ${status}::"TicketStatus"`, ...conditions])}`,
  );
  const raw = row?.["QUERY PLAN"];
  const plan = (typeof raw === "string" ? JSON.parse(raw) : raw) as [{ Plan: { "Plan Rows": number } }] | undefined;
  return Math.round(plan?.[0]?.Plan["Plan Rows"] ?? 0);
}

/** The statements a page load runs (exported so their plans can be inspected, see scripts/queue-plans.ts). */
export function queueStatements(
  actor: AgentActor,
  query: QueueQuery,
  now: Date,
  strategy: Strategy,
): { page: Prisma.Sql; counts: Prisma.Sql } {
  const source = rowSource(actor, query, now, strategy);
  const counted = TICKET_STATUSES.filter((status) => !(query.breached && isFinishedStatus(status)));
  return {
    page: rowsQuery(source, queryPosition(query), query.before ? "backward" : "forward", query.limit + 1),
    counts: query.q ? searchCountsSql(counted, source.conditions) : cappedCountsSql(counted, source.conditions),
  };
}
