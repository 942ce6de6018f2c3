import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgentActor } from "@/lib/server/auth/actor.ts";
import { createTestDatabase, type TestDatabase } from "@/lib/server/db/test-database.ts";
import { ticketMetrics } from "@/lib/server/metrics/ticket-metrics.ts";
import { isSlaBreached } from "@/lib/tickets/status.ts";
import { parseQueueQuery } from "@/lib/validation/queue.ts";
import { listQueue } from "./queue.ts";
import { createAgent, createTickets } from "./test-fixtures.ts";

let database: TestDatabase;
let agent: AgentActor;
const NOW = new Date("2026-11-22T12:00:00.000Z");
const HOUR = 3_600_000;
const hours = (offset: number) => new Date(NOW.getTime() + offset * HOUR);

beforeAll(async () => {
  database = await createTestDatabase();
  agent = await createAgent(database.prisma, "Sla Agent");
});
afterAll(async () => {
  await database.drop();
});

describe("one definition of an SLA breach", () => {
  it("is what the queue flags and filters and what the metrics count as breached", async () => {
    const createdAt = hours(-8);
    const [overdue] = await createTickets(database.prisma, [
      { status: "NEW", createdAt, slaDueAt: hours(-2) },
      // answered late
      { status: "OPEN", createdAt, slaDueAt: hours(-3), firstRespondedAt: hours(-1) },
      // resolved, then closed early, without a reply
      { status: "RESOLVED", createdAt, slaDueAt: hours(-5) },
      { status: "CLOSED", createdAt, slaDueAt: hours(10) },
      // answered in time, and not yet due
      { status: "PENDING", createdAt, slaDueAt: hours(-4), firstRespondedAt: hours(-6) },
      { status: "NEW", createdAt, slaDueAt: hours(2) },
    ]);
    const query = (search: string) => {
      const parsed = parseQueueQuery(new URLSearchParams(search));
      if (!parsed.success) throw new Error(search);
      return parsed.query;
    };

    const filtered = await listQueue(agent, query("status=all&breached=1"), database.prisma, NOW);
    expect(filtered.rows.map((row) => row.reference)).toEqual([overdue!.reference]);
    const all = await listQueue(agent, query("status=all"), database.prisma, NOW);
    for (const row of all.rows) expect(row.breached, row.reference).toBe(isSlaBreached(row, NOW));

    const metrics = await ticketMetrics(agent, { from: "2026-11-22", to: "2026-11-22" }, { timeZone: "UTC", now: NOW }, database.prisma);
    // Tickets resolved or closed without a reply owe none; the rest is in time, late, breached now or not yet due.
    expect(metrics.sla[0]).toEqual({ priority: null, met: 1, late: 1, breached: 1, pending: 1, compliance: 1 / 3 });
    expect(metrics.sla[0]!.breached).toBe(filtered.rows.length);
  });
});
