import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AgentActor } from "@/lib/server/auth/actor.ts";
import { databaseForThisFile } from "@/lib/server/db/test-database-hooks.ts";
import { ACTIVE_STATUSES } from "@/lib/tickets/status.ts";
import { parseQueueQuery, type QueueQuery } from "@/lib/validation/queue.ts";
import { countByStatus, listQueue, openQueueExport, STATUS_COUNT_CAP, type ExportedQueueRow, type QueuePage } from "./queue.ts";
import { createAgent, createTicket, createTickets, type TestTicketInput } from "./test-fixtures.ts";

const database = databaseForThisFile();
let aiko: AgentActor;
let ben: AgentActor;
const NOW = new Date("2026-11-22T12:00:00.000Z");
const HOUR = 3_600_000;

beforeAll(async () => {
  aiko = await createAgent(database.prisma, "Aiko Sato");
  ben = await createAgent(database.prisma, "Ben Carter");
});
beforeEach(async () => {
  await database.prisma.ticket.deleteMany();
});

function query(search = ""): QueueQuery {
  const parsed = parseQueueQuery(new URLSearchParams(search));
  if (!parsed.success) throw new Error(`invalid query ${search}`);
  return parsed.query;
}

function list(search: string, actor = aiko): Promise<QueuePage> {
  return listQueue(actor, query(search), database.prisma, NOW);
}

/** Walks every page forward; returns the references in the order seen. */
async function walkForward(search: string, between?: (pageNumber: number) => Promise<void>): Promise<string[][]> {
  const pages: string[][] = [];
  let page = await list(search);
  pages.push(page.rows.map((row) => row.reference));
  while (page.nextCursor) {
    await between?.(pages.length);
    page = await list(`${search}&after=${page.nextCursor}`);
    pages.push(page.rows.map((row) => row.reference));
  }
  return pages;
}

const due = (hoursFromNow: number) => new Date(NOW.getTime() + hoursFromNow * HOUR);

describe("queue order and keyset pages", () => {
  it("lists open work by SLA due time across pages, forward and back, without duplicates or gaps", async () => {
    // Ties on sla_due_at are broken by id, so several tickets share due times on purpose.
    const inputs: TestTicketInput[] = Array.from({ length: 125 }, (_, index) => ({
      status: ACTIVE_STATUSES[index % 3],
      slaDueAt: due(Math.floor(index / 4) - 10),
    }));
    inputs.push({ status: "RESOLVED", slaDueAt: due(-100) }, { status: "CLOSED", slaDueAt: due(-200) });
    const tickets = await createTickets(database.prisma, inputs);
    const active = tickets.slice(0, 125);
    const expected = [...active]
      .sort((a, b) => a.slaDueAt.getTime() - b.slaDueAt.getTime() || a.id.localeCompare(b.id))
      .map((ticket) => ticket.reference);

    const first = await list("limit=50");
    expect(first.rows).toHaveLength(50);
    expect(first.previousCursor).toBeNull();
    const second = await list(`limit=50&after=${first.nextCursor}`);
    const third = await list(`limit=50&after=${second.nextCursor}`);
    expect(third.rows).toHaveLength(25);
    expect(third.nextCursor).toBeNull();
    expect([...first.rows, ...second.rows, ...third.rows].map((row) => row.reference)).toEqual(expected);

    // "previous" from the third page is exactly the second; from the second, exactly the first.
    const backToSecond = await list(`limit=50&before=${third.previousCursor}`);
    expect(backToSecond.rows.map((row) => row.reference)).toEqual(second.rows.map((row) => row.reference));
    const backToFirst = await list(`limit=50&before=${backToSecond.previousCursor}`);
    expect(backToFirst.rows.map((row) => row.reference)).toEqual(first.rows.map((row) => row.reference));
    expect(backToFirst.previousCursor).toBeNull();
    expect(backToFirst.nextCursor).not.toBeNull();
  });

  it("stays stable while tickets are inserted between page loads", async () => {
    const original = await createTickets(
      database.prisma,
      Array.from({ length: 90 }, (_, index) => ({ slaDueAt: due(index) })),
    );
    const inserted: string[] = [];
    const pages = await walkForward("limit=20", async (pageNumber) => {
      // New tickets land before, inside and after the pages already read.
      const more = await createTickets(database.prisma, [
        { slaDueAt: due(-5 - pageNumber) },
        { slaDueAt: due(pageNumber * 20 - 0.5) },
        { slaDueAt: due(pageNumber * 20 + 30.5) },
        { slaDueAt: due(200 + pageNumber) },
      ]);
      inserted.push(...more.map((ticket) => ticket.reference));
    });
    const seen = pages.flat();
    expect(new Set(seen).size).toBe(seen.length);
    for (const ticket of original) expect(seen).toContain(ticket.reference);
    // Later pages see the new tickets that sort after the cursor, never the ones before it.
    expect(seen.filter((reference) => inserted.includes(reference)).length).toBeGreaterThan(0);
    const seenOrder = seen.map((reference) => reference);
    const dueByReference = new Map<string, number>();
    for (const row of await database.prisma.ticket.findMany({ select: { reference: true, slaDueAt: true } })) {
      dueByReference.set(row.reference, row.slaDueAt.getTime());
    }
    const dueTimes = seenOrder.map((reference) => dueByReference.get(reference)!);
    expect(dueTimes).toEqual([...dueTimes].sort((a, b) => a - b));
  });

  it("refuses a tampered cursor", async () => {
    await createTicket(database.prisma);
    await expect(list("after=bm90LWEtY3Vyc29y")).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
  });

  it("refuses, naming the field, a cursor whose time no ticket can have (far past, far future)", async () => {
    await createTicket(database.prisma);
    const id = "3f1c1d2e-8a4b-4c5d-9e6f-0a1b2c3d4e5f";
    const cursorAt = (milliseconds: number) => Buffer.from(`${milliseconds}:${id}`).toString("base64url");
    for (const milliseconds of [-999_999_999_999_999, Date.parse("0000-06-01T00:00:00Z"), 999_999_999_999_999]) {
      for (const field of ["after", "before"]) {
        await expect(list(`${field}=${cursorAt(milliseconds)}`), `${field} ${milliseconds}`).rejects.toMatchObject({
          code: "VALIDATION_FAILED",
          issues: [{ path: field, message: "cursor_invalid" }],
        });
      }
    }
    // the extremes PostgreSQL and ISO 8601 both hold are still positions
    for (const time of ["0001-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z"]) {
      await expect(list(`after=${cursorAt(Date.parse(time))}`)).resolves.toMatchObject({ rows: expect.any(Array) });
    }
  });
});

describe("queue filters", () => {
  it("filters by status, category, priority and assignee", async () => {
    const [mineOpen, bensPending, unassignedNew, smsUrgent, closed] = await createTickets(database.prisma, [
      { status: "OPEN", assigneeId: aiko.id, slaDueAt: due(1) },
      { status: "PENDING", assigneeId: ben.id, slaDueAt: due(2) },
      { status: "NEW", slaDueAt: due(3) },
      { status: "NEW", category: "SMS", priority: "URGENT", slaDueAt: due(4) },
      { status: "CLOSED", assigneeId: aiko.id, slaDueAt: due(-50) },
    ]);
    const references = async (search: string) => (await list(search)).rows.map((row) => row.reference);

    expect(await references("")).toEqual([mineOpen, bensPending, unassignedNew, smsUrgent].map((t) => t!.reference));
    expect(await references("status=NEW&status=CLOSED")).toEqual([closed, unassignedNew, smsUrgent].map((t) => t!.reference));
    expect(await references("status=NEW,PENDING")).toEqual([bensPending, unassignedNew, smsUrgent].map((t) => t!.reference));
    expect(await references("status=all&assignee=me")).toEqual([closed, mineOpen].map((t) => t!.reference));
    expect((await list("assignee=me", ben)).rows.map((row) => row.reference)).toEqual([bensPending!.reference]);
    expect(await references(`assignee=${ben.id}`)).toEqual([bensPending!.reference]);
    expect(await references("assignee=unassigned")).toEqual([unassignedNew, smsUrgent].map((t) => t!.reference));
    expect(await references("category=SMS")).toEqual([smsUrgent!.reference]);
    expect(await references("priority=URGENT")).toEqual([smsUrgent!.reference]);
    expect(await references("category=SMS&priority=NORMAL")).toEqual([]);

    const row = (await list("assignee=me")).rows[0]!;
    expect(row).toMatchObject({ status: "OPEN", assignee: { id: aiko.id, name: "Aiko Sato" }, version: 1, breached: false });
  });

  it("shows SLA breaches: unanswered, overdue and still open work", async () => {
    const [overdue, answeredLate, notYetDue, resolvedOverdue] = await createTickets(database.prisma, [
      { status: "NEW", slaDueAt: due(-2) },
      { status: "OPEN", slaDueAt: due(-3), firstRespondedAt: due(-1) },
      { status: "NEW", slaDueAt: due(2) },
      { status: "RESOLVED", slaDueAt: due(-5) },
    ]);
    const breached = await list("status=all&breached=1");
    expect(breached.rows.map((row) => row.reference)).toEqual([overdue!.reference]);
    expect(breached.rows[0]!.breached).toBe(true);
    const all = await list("status=all");
    const flags = Object.fromEntries(all.rows.map((row) => [row.reference, row.breached]));
    expect(flags).toEqual({
      [overdue!.reference]: true,
      [answeredLate!.reference]: false,
      [notYetDue!.reference]: false,
      [resolvedOverdue!.reference]: false,
    });
  });

  it("searches by exact reference, contact email and description substring", async () => {
    const [frozen, sms, percent] = await createTickets(database.prisma, [
      { contactEmail: "haruka.t@example.jp", description: "アカウントが凍結されました。本人確認書類は準備済みです。" },
      { contactEmail: "Rina.O@Example.com", description: "The SMS code never arrives while roaming abroad." },
      { contactEmail: "x@example.org", description: "I was charged 100% of the fee twice" },
    ]);
    const references = async (q: string) =>
      (await list(`status=all&q=${encodeURIComponent(q)}`)).rows.map((row) => row.reference).sort();

    expect(await references(frozen!.reference)).toEqual([frozen!.reference]);
    expect(await references(frozen!.reference.toLowerCase())).toEqual([frozen!.reference]);
    expect(await references("haruka.t@example.jp")).toEqual([frozen!.reference]);
    expect(await references("rina.o@example.com")).toEqual([sms!.reference]);
    expect(await references("haruka")).toEqual([frozen!.reference]);
    expect(await references("roaming")).toEqual([sms!.reference]);
    expect(await references("凍結され")).toEqual([frozen!.reference]);
    expect(await references("ROAMING ABROAD")).toEqual([sms!.reference]);
    expect(await references("100%")).toEqual([percent!.reference]);
    // "%" and "_" are literal characters, not wildcards.
    expect(await references("1_0")).toEqual([]);
    expect(await references("nothing like this")).toEqual([]);
  });

  it("pages through search results in SLA order", async () => {
    await createTickets(
      database.prisma,
      Array.from({ length: 30 }, (_, index) => ({
        slaDueAt: due(index),
        description: index % 2 ? "captcha puzzle keeps failing" : "mail never arrives",
      })),
    );
    const pages = await walkForward("q=captcha&limit=4");
    expect(pages.flat()).toHaveLength(15);
    expect(pages).toHaveLength(4);
  });
});

describe("counts per status", () => {
  it("count every status for the current filters, whatever statuses are shown", async () => {
    await createTickets(database.prisma, [
      { status: "NEW", category: "SMS" },
      { status: "NEW", category: "SMS" },
      { status: "OPEN", category: "SMS", assigneeId: aiko.id },
      { status: "CLOSED", category: "SMS", assigneeId: aiko.id },
      { status: "NEW", category: "EMAIL" },
      { status: "NEW", category: "SMS", slaDueAt: due(-1) },
    ]);
    const counts = (page: QueuePage) => Object.fromEntries(page.counts.map((count) => [count.status, count.count]));
    expect(counts(await list("status=CLOSED&category=SMS"))).toEqual({ NEW: 3, OPEN: 1, PENDING: 0, RESOLVED: 0, CLOSED: 1 });
    expect(counts(await list("assignee=me"))).toEqual({ NEW: 0, OPEN: 1, PENDING: 0, RESOLVED: 0, CLOSED: 1 });
    expect(counts(await list("breached=1"))).toEqual({ NEW: 1, OPEN: 0, PENDING: 0, RESOLVED: 0, CLOSED: 0 });
    expect(counts(await list("q=test ticket"))).toEqual({ NEW: 4, OPEN: 1, PENDING: 0, RESOLVED: 0, CLOSED: 1 });
    expect((await list("")).counts.every((count) => count.kind === "exact")).toBe(true);
  });

  it("stop counting past the cap and report the planner's estimate instead", async () => {
    await createTickets(
      database.prisma,
      Array.from({ length: STATUS_COUNT_CAP + 60 }, (_, index) => ({ status: "CLOSED" as const, slaDueAt: due(-index) })),
    );
    await createTickets(database.prisma, [{ status: "NEW" }, { status: "NEW" }]);
    await database.prisma.$executeRawUnsafe("ANALYZE tickets");
    const counts = await countByStatus(aiko, query(""), database.prisma, NOW);
    expect(counts.find((count) => count.status === "NEW")).toEqual({ status: "NEW", count: 2, kind: "exact" });
    // fresh statistics: the planner knows there are about 1,060
    const closed = counts.find((count) => count.status === "CLOSED")!;
    expect(closed.kind).toBe("estimate");
    expect(closed.count).toBeGreaterThan(STATUS_COUNT_CAP);
    expect(closed.count).toBeLessThan(2 * (STATUS_COUNT_CAP + 60));

    // Statistics that have not caught up (fewer estimated than counted): at least the cap.
    await database.prisma.$executeRawUnsafe("DELETE FROM tickets WHERE status = 'CLOSED'");
    await database.prisma.$executeRawUnsafe("ANALYZE tickets");
    await createTickets(
      database.prisma,
      Array.from({ length: STATUS_COUNT_CAP + 5 }, (_, index) => ({ status: "PENDING" as const, slaDueAt: due(index) })),
    );
    const stale = await countByStatus(aiko, query(""), database.prisma, NOW);
    expect(stale.find((count) => count.status === "PENDING")).toEqual({ status: "PENDING", count: STATUS_COUNT_CAP, kind: "atLeast" });
  });
});

describe("export rows", () => {
  it("stream every matching ticket in SLA order across batches, with the whole description", async () => {
    const longDescription = `${"The verification mail never arrives. ".repeat(10)}(the end)`;
    await createTickets(
      database.prisma,
      Array.from({ length: 1203 }, (_, index) => ({
        slaDueAt: due(index),
        status: index % 10 === 0 ? ("CLOSED" as const) : ("NEW" as const),
        description: index === 7 ? longDescription : undefined,
      })),
    );
    const rows: ExportedQueueRow[] = [];
    const whole = await openQueueExport(aiko, query(""), { maxRows: 5000, filtersText: "" }, database.prisma, NOW);
    expect(whole.rowCount).toBe(1203 - 121);
    for await (const row of whole.rows) rows.push(row);
    expect(rows).toHaveLength(1203 - 121);
    expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
    const dueTimes = rows.map((row) => Date.parse(row.slaDueAt));
    expect(dueTimes).toEqual([...dueTimes].sort((a, b) => a - b));
    expect(rows.map((row) => row.description)).toContain(longDescription);

    const searched: ExportedQueueRow[] = [];
    const search = await openQueueExport(aiko, query("status=all&q=the end"), { maxRows: 5000, filtersText: "status=all&q=the end" }, database.prisma, NOW);
    for await (const row of search.rows) searched.push(row);
    expect(searched.map((row) => row.description)).toEqual([longDescription]);
  });

  it("refuses an export over the cap before reading a row, and records every export with its filters and size", async () => {
    await createTickets(database.prisma, Array.from({ length: 11 }, (_, index) => ({ slaDueAt: due(index), description: index ? undefined : "Export me: the only one" })));
    const audited = () => database.prisma.auditEvent.findMany({ where: { action: "queue.exported", actorId: ben.id }, orderBy: { id: "asc" } });
    const before = (await audited()).length;
    const refused = await openQueueExport(ben, query("status=all"), { maxRows: 10, filtersText: "status=all" }, database.prisma, NOW).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: "VALIDATION_FAILED", params: { messageKey: "queue.export.tooMany", max: 10 } });
    expect(await audited()).toHaveLength(before);

    const allowed = await openQueueExport(ben, query("status=all&q=Export me"), { maxRows: 10, filtersText: "status=all&q=Export me" }, database.prisma, NOW);
    expect(allowed.rowCount).toBe(1);
    const events = await audited();
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toMatchObject({ ticketId: null, actorType: "AGENT", data: { filters: "status=all&q=Export me", rows: 1 } });
  });
});
