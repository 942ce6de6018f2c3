import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadAgentActor, type AgentActor } from "@/lib/server/auth/actor.ts";
import { createTestDatabase, type TestDatabase } from "@/lib/server/db/test-database.ts";
import { answerSelfHelpStep, startSelfHelpSession } from "@/lib/server/self-help/sessions.ts";
import { SEED_FLOWS } from "@/lib/server/seed/self-help-flows.ts";
import { SOLVED } from "@/lib/self-help/types.ts";
import { ticketMetrics } from "./ticket-metrics.ts";

vi.stubEnv("NEXTAUTH_SECRET", "metrics-integration-test-secret");

let database: TestDatabase;
let actor: AgentActor;
const timeZone = "Asia/Tokyo";
const now = new Date("2026-11-03T20:00:00+09:00");
const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);
const after = (start: Date, hours: number) => new Date(start.getTime() + hours * HOUR);

type Seed = {
  category: "EMAIL" | "TWO_FA" | "SMS" | "ACCOUNT";
  priority: "URGENT" | "HIGH" | "NORMAL" | "LOW";
  status: "NEW" | "OPEN" | "PENDING" | "RESOLVED" | "CLOSED";
  createdAt: Date;
  slaHours: number;
  respondedAfterHours?: number;
  resolvedAfterHours?: number;
};

// Times are Tokyo time; the second ticket is on Nov 2 in Tokyo but still Nov 1 in UTC.
const TICKETS: Seed[] = [
  { category: "EMAIL", priority: "NORMAL", status: "RESOLVED", createdAt: at("2026-11-01T10:00:00+09:00"), slaHours: 24, respondedAfterHours: 2, resolvedAfterHours: 10 },
  { category: "EMAIL", priority: "HIGH", status: "OPEN", createdAt: at("2026-11-02T00:30:00+09:00"), slaHours: 4, respondedAfterHours: 5 },
  { category: "SMS", priority: "URGENT", status: "CLOSED", createdAt: at("2026-11-02T12:00:00+09:00"), slaHours: 1, respondedAfterHours: 0.5, resolvedAfterHours: 4 },
  { category: "SMS", priority: "NORMAL", status: "NEW", createdAt: at("2026-11-03T09:00:00+09:00"), slaHours: 24 },
  { category: "ACCOUNT", priority: "URGENT", status: "OPEN", createdAt: at("2026-11-03T08:00:00+09:00"), slaHours: 1 },
  // outside the range on either side
  { category: "EMAIL", priority: "NORMAL", status: "NEW", createdAt: at("2026-10-31T23:59:00+09:00"), slaHours: 24, respondedAfterHours: 1 },
  { category: "TWO_FA", priority: "LOW", status: "NEW", createdAt: at("2026-11-04T00:00:00+09:00"), slaHours: 72 },
];

type SessionSeed = { category: Seed["category"]; startedAt: Date; outcome: "IN_PROGRESS" | "DEFLECTED" | "ESCALATED" | "ABANDONED"; steps: [string, string | null][] };
const SESSIONS: SessionSeed[] = [
  { category: "EMAIL", startedAt: at("2026-11-01T09:50:00+09:00"), outcome: "ESCALATED", steps: [["email.typo", "STILL_STUCK"], ["email.spam", "STILL_STUCK"]] },
  { category: "EMAIL", startedAt: at("2026-11-02T10:00:00+09:00"), outcome: "DEFLECTED", steps: [["email.typo", "STILL_STUCK"], ["email.spam", "SOLVED"]] },
  { category: "EMAIL", startedAt: at("2026-11-02T11:00:00+09:00"), outcome: "DEFLECTED", steps: [["email.typo", "SOLVED"]] },
  { category: "EMAIL", startedAt: at("2026-11-03T11:00:00+09:00"), outcome: "IN_PROGRESS", steps: [["email.typo", null]] },
  { category: "SMS", startedAt: at("2026-11-03T12:00:00+09:00"), outcome: "ABANDONED", steps: [["sms.number", "STILL_STUCK"]] },
  { category: "SMS", startedAt: at("2026-10-30T12:00:00+09:00"), outcome: "DEFLECTED", steps: [["sms.number", "SOLVED"]] },
];

beforeAll(async () => {
  database = await createTestDatabase();
  const agent = await database.prisma.user.create({ data: { email: "agent@example.com", name: "Agent", role: "AGENT", passwordHash: "x" } });
  actor = (await loadAgentActor(agent.id, database.prisma))!;
  for (const [index, ticket] of TICKETS.entries()) {
    await database.prisma.ticket.create({
      data: {
        reference: `SG-TEST-${String(index).padStart(4, "0")}`,
        statusTokenHash: `hash-${index}`,
        category: ticket.category,
        priority: ticket.priority,
        status: ticket.status,
        contactEmail: `customer${index}@example.com`,
        language: "en",
        description: "A ticket for the metrics test.",
        createdAt: ticket.createdAt,
        slaDueAt: after(ticket.createdAt, ticket.slaHours),
        firstRespondedAt: ticket.respondedAfterHours === undefined ? null : after(ticket.createdAt, ticket.respondedAfterHours),
        resolvedAt: ticket.resolvedAfterHours === undefined ? null : after(ticket.createdAt, ticket.resolvedAfterHours),
      },
    });
  }
  for (const session of SESSIONS) {
    await database.prisma.selfHelpSession.create({
      data: {
        category: session.category,
        language: "ja",
        outcome: session.outcome,
        startedAt: session.startedAt,
        steps: { create: session.steps.map(([stepKey, answer], position) => ({ position, stepKey, answer })) },
      },
    });
  }
});
afterAll(async () => {
  await database.drop();
});

const range = { from: "2026-11-01", to: "2026-11-03" };
const zeros = { EMAIL: 0, TWO_FA: 0, SMS: 0, ACCOUNT: 0 };

describe("ticketMetrics", () => {
  it("computes every metric for the date range, with days in the support time zone", async () => {
    const metrics = await ticketMetrics(actor, range, { timeZone, now }, database.prisma);
    expect(metrics.days).toEqual([
      { day: "2026-11-01", counts: { ...zeros, EMAIL: 1 } },
      { day: "2026-11-02", counts: { ...zeros, EMAIL: 1, SMS: 1 } },
      { day: "2026-11-03", counts: { ...zeros, SMS: 1, ACCOUNT: 1 } },
    ]);
    expect(metrics.deflectionByCategory).toEqual([
      { category: "EMAIL", finished: 3, deflected: 2, escalated: 1, abandoned: 0, rate: 2 / 3 },
      { category: "TWO_FA", finished: 0, deflected: 0, escalated: 0, abandoned: 0, rate: null },
      { category: "SMS", finished: 1, deflected: 0, escalated: 0, abandoned: 1, rate: 0 },
      { category: "ACCOUNT", finished: 0, deflected: 0, escalated: 0, abandoned: 0, rate: null },
    ]);
    expect(metrics.deflectionBySteps).toEqual([
      { category: "EMAIL", stepKey: "email.typo", shown: 4, solved: 1, rate: 0.25 },
      { category: "EMAIL", stepKey: "email.spam", shown: 2, solved: 1, rate: 0.5 },
      { category: "SMS", stepKey: "sms.number", shown: 1, solved: 0, rate: 0 },
    ]);
    expect(metrics.responseTimes).toEqual([
      { priority: null, responded: 3, medianFirstResponseSeconds: 7200, resolved: 2, medianResolutionSeconds: 25200 },
      { priority: "URGENT", responded: 1, medianFirstResponseSeconds: 1800, resolved: 1, medianResolutionSeconds: 14400 },
      { priority: "HIGH", responded: 1, medianFirstResponseSeconds: 18000, resolved: 0, medianResolutionSeconds: null },
      { priority: "NORMAL", responded: 1, medianFirstResponseSeconds: 7200, resolved: 1, medianResolutionSeconds: 36000 },
      { priority: "LOW", responded: 0, medianFirstResponseSeconds: null, resolved: 0, medianResolutionSeconds: null },
    ]);
    expect(metrics.sla).toEqual([
      { priority: null, met: 2, late: 1, breached: 1, pending: 1, compliance: 0.5 },
      { priority: "URGENT", met: 1, late: 0, breached: 1, pending: 0, compliance: 0.5 },
      { priority: "HIGH", met: 0, late: 1, breached: 0, pending: 0, compliance: 0 },
      { priority: "NORMAL", met: 1, late: 0, breached: 0, pending: 1, compliance: 1 },
      { priority: "LOW", met: 0, late: 0, breached: 0, pending: 0, compliance: null },
    ]);
    expect(metrics.backlog).toEqual([
      { status: "NEW", count: 1 },
      { status: "OPEN", count: 2 },
      { status: "PENDING", count: 0 },
      { status: "RESOLVED", count: 1 },
      { status: "CLOSED", count: 1 },
    ]);
  });

  it("narrows everything to a category", async () => {
    const metrics = await ticketMetrics(actor, { ...range, category: "SMS" }, { timeZone, now }, database.prisma);
    expect(metrics.days.map((day) => day.counts.SMS)).toEqual([0, 1, 1]);
    expect(metrics.days.every((day) => day.counts.EMAIL === 0)).toBe(true);
    expect(metrics.deflectionByCategory).toEqual([{ category: "SMS", finished: 1, deflected: 0, escalated: 0, abandoned: 1, rate: 0 }]);
    expect(metrics.deflectionBySteps).toEqual([{ category: "SMS", stepKey: "sms.number", shown: 1, solved: 0, rate: 0 }]);
    expect(metrics.responseTimes[0]).toEqual({ priority: null, responded: 1, medianFirstResponseSeconds: 1800, resolved: 1, medianResolutionSeconds: 14400 });
    expect(metrics.sla[0]).toEqual({ priority: null, met: 1, late: 0, breached: 0, pending: 1, compliance: 1 });
  });

  it("narrows tickets to a priority (self-help has none and is unaffected)", async () => {
    const metrics = await ticketMetrics(actor, { ...range, priority: "URGENT" }, { timeZone, now }, database.prisma);
    expect(metrics.days.map((day) => day.counts)).toEqual([zeros, { ...zeros, SMS: 1 }, { ...zeros, ACCOUNT: 1 }]);
    expect(metrics.responseTimes.map((row) => row.priority)).toEqual([null, "URGENT"]);
    expect(metrics.sla).toEqual([
      { priority: null, met: 1, late: 0, breached: 1, pending: 0, compliance: 0.5 },
      { priority: "URGENT", met: 1, late: 0, breached: 1, pending: 0, compliance: 0.5 },
    ]);
    expect(metrics.backlog.filter((row) => row.count > 0)).toEqual([{ status: "OPEN", count: 1 }, { status: "CLOSED", count: 1 }]);
    expect(metrics.deflectionByCategory.map((row) => row.finished)).toEqual([3, 0, 1, 0]);
  });

  it("counts a day in UTC differently from Tokyo when asked to", async () => {
    const metrics = await ticketMetrics(actor, range, { timeZone: "UTC", now }, database.prisma);
    // in UTC, 2026-11-02T00:30+09:00 is Nov 1, 2026-11-03T08:00+09:00 is Nov 2 and 2026-11-04T00:00+09:00 is Nov 3
    expect(metrics.days.map((day) => day.counts)).toEqual([
      { ...zeros, EMAIL: 2 },
      { ...zeros, SMS: 1, ACCOUNT: 1 },
      { ...zeros, TWO_FA: 1, SMS: 1 },
    ]);
  });

  it("refuses an account that is no longer active", async () => {
    const user = await database.prisma.user.create({ data: { email: "former@example.com", name: "Former", role: "ADMIN", passwordHash: "x" } });
    const former = (await loadAgentActor(user.id, database.prisma))!;
    await database.prisma.user.update({ where: { id: user.id }, data: { active: false } });
    const error = await ticketMetrics(former, range, { timeZone, now }, database.prisma).catch((e) => e);
    expect(error).toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("can answer a date-bounded query from the created_at index", async () => {
    // With a handful of rows the planner rightly prefers a sequential scan; switching that off
    // shows which index the range condition can use.
    const plan = await database.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
      return tx.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
        `EXPLAIN SELECT count(*) FROM tickets t WHERE t.created_at >= ((('2026-11-01')::date)::timestamp AT TIME ZONE 'Asia/Tokyo')
           AND t.created_at < ((('2026-11-03')::date + 1)::timestamp AT TIME ZONE 'Asia/Tokyo')`,
      );
    });
    expect(plan.map((row) => row["QUERY PLAN"]).join("\n")).toContain("tickets_created_at_idx");
  });
});

describe("deflection when one client answers many times", () => {
  it("counts a client once per day: its sessions are one visitor, and a ticket outweighs its 'solved' answers", async () => {
    const day = at("2026-12-01T10:00:00+09:00");
    const first = SEED_FLOWS.ACCOUNT.firstStep;
    const solve = async (address: string, minute: number) => {
      const when = after(day, minute / 60);
      const sessionId = await startSelfHelpSession("ACCOUNT", "ja", address, database.prisma, when);
      expect(await answerSelfHelpStep(sessionId, "ACCOUNT", { stepKey: first, answer: SOLVED }, address, database.prisma, when)).toBe("solved");
      return sessionId;
    };
    // fifteen fake "solved" sessions from one client, the way the issue moved deflection from 0 % to 88 %
    for (let index = 0; index < 15; index++) await solve("198.51.100.66", index);
    // two real visitors who went on to a ticket, one of whom had also said "solved" first
    for (const address of ["203.0.113.1", "203.0.113.2"]) {
      const sessionId = await startSelfHelpSession("ACCOUNT", "en", address, database.prisma, after(day, 1));
      await database.prisma.selfHelpSession.update({ where: { id: sessionId }, data: { outcome: "ESCALATED", endedAt: after(day, 1.5) } });
    }
    await solve("203.0.113.2", 120);

    const metrics = await ticketMetrics(actor, { from: "2026-12-01", to: "2026-12-01", category: "ACCOUNT" }, { timeZone, now }, database.prisma);
    expect(metrics.deflectionByCategory).toEqual([{ category: "ACCOUNT", finished: 3, deflected: 1, escalated: 2, abandoned: 0, rate: 1 / 3 }]);
    expect(metrics.deflectionBySteps).toEqual([{ category: "ACCOUNT", stepKey: first, shown: 3, solved: 2, rate: 2 / 3 }]);
  });
});
