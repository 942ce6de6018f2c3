// Many agents acting on one ticket at the same moment, each on its own database connection.
import { afterAll, beforeAll, expect, test } from "vitest";
import { toAppError } from "@/lib/server/http/error-response.ts";
import { changeTicketStatus, claimTicket } from "@/lib/server/tickets/agent-actions.ts";
import { createAgent, createTicket } from "@/lib/server/tickets/test-fixtures.ts";
import type { AgentActor } from "@/lib/server/auth/actor.ts";
import { AGENT_SETTABLE_STATUSES } from "@/lib/tickets/status.ts";
import { openClusterDatabase } from "./support/database.ts";
import { recordFigures, sized } from "./support/figures.ts";

const AGENTS = 20;
let database: Awaited<ReturnType<typeof openClusterDatabase>>;
let agents: AgentActor[];

beforeAll(async () => {
  database = await openClusterDatabase("reliability_concurrency", AGENTS + 5);
  agents = await Promise.all(Array.from({ length: AGENTS }, (_, index) => createAgent(database.prisma, `Agent ${index}`)));
});

afterAll(async () => {
  await database?.close();
});

const outcomeOf = (settled: PromiseSettledResult<unknown>) =>
  settled.status === "fulfilled" ? "won" : toAppError(settled.reason).code;

test("20 agents claiming one ticket at once: exactly one wins, the rest are told who has it", async () => {
  const rounds = sized(5, 25);
  let rowsChecked = 0;
  for (let round = 0; round < rounds; round++) {
    const ticket = await createTicket(database.prisma);
    const settled = await Promise.allSettled(agents.map((agent) => claimTicket(agent, { ticketId: ticket.id, version: ticket.version }, database.prisma)));
    const outcomes = settled.map(outcomeOf);
    expect(outcomes.filter((outcome) => outcome === "won")).toHaveLength(1);
    // losers learn it was claimed (or, having read an older version, that it changed): never a 5xx
    expect(outcomes.filter((outcome) => outcome !== "won").every((code) => code === "ALREADY_CLAIMED" || code === "VERSION_CONFLICT")).toBe(true);

    const winner = agents[outcomes.indexOf("won")]!;
    const stored = await database.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id }, select: { assigneeId: true, status: true, version: true } });
    expect(stored).toEqual({ assigneeId: winner.id, status: "OPEN", version: ticket.version + 1 });
    const audit = await database.prisma.auditEvent.findMany({ where: { ticketId: ticket.id }, select: { action: true, actorId: true } });
    expect(audit.filter((event) => event.action === "ticket.claimed")).toEqual([{ action: "ticket.claimed", actorId: winner.id }]);
    rowsChecked += 1 + audit.length;
  }
  recordFigures({ scenario: "concurrency, 20 agents claim one ticket", requests: rounds * AGENTS, inputs: rounds, rowsChecked, serverErrors: 0, notes: `${rounds} rounds: exactly one winner each, ${rounds * (AGENTS - 1)} refusals` });
});

test("20 concurrent status changes on one ticket: versions strictly increase and the history matches the final state", async () => {
  const rounds = sized(3, 10);
  let rowsChecked = 0;
  let applied = 0;
  for (let round = 0; round < rounds; round++) {
    const ticket = await createTicket(database.prisma, { status: "OPEN", assigneeId: agents[0]!.id });
    // every agent insists on changing the status: on a conflict it reloads the ticket and
    // picks a status other than the one it now shows, as an agent would from a fresh page
    const results = await Promise.all(
      agents.map(async (agent, index) => {
        let seen = { version: ticket.version, status: "OPEN" as string };
        for (let attempt = 0; ; attempt++) {
          const choices = AGENT_SETTABLE_STATUSES.filter((status) => status !== seen.status);
          const status = choices[index % choices.length]!;
          try {
            return await changeTicketStatus(agent, { ticketId: ticket.id, version: seen.version, status }, database.prisma);
          } catch (error) {
            if (toAppError(error).code !== "VERSION_CONFLICT" || attempt > 500) throw error;
            seen = await database.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id }, select: { version: true, status: true } });
          }
        }
      }),
    );
    expect(results.every((result) => result.changed)).toBe(true);
    const changed = results.map((result) => result.version);
    // each change got its own version, one after the other
    expect([...changed].sort((a, b) => a - b)).toEqual(changed.map((_, index) => ticket.version + 1 + index));

    const stored = await database.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id }, select: { status: true, version: true, resolvedAt: true, closedAt: true } });
    expect(stored.version).toBe(ticket.version + changed.length);
    const history = await database.prisma.auditEvent.findMany({
      where: { ticketId: ticket.id, action: "ticket.status_changed" },
      orderBy: { id: "asc" },
      select: { fromValue: true, toValue: true },
    });
    expect(history).toHaveLength(changed.length);
    // an unbroken chain from the first status to the stored one
    let current = "OPEN";
    for (const event of history) {
      expect(event.fromValue).toBe(current);
      expect(event.toValue).not.toBe(current);
      current = event.toValue!;
    }
    expect(stored.status).toBe(current);
    expect(stored.closedAt !== null).toBe(stored.status === "CLOSED");
    expect(stored.resolvedAt !== null).toBe(stored.status === "RESOLVED" || stored.status === "CLOSED");
    applied += changed.length;
    rowsChecked += 1 + history.length;
  }
  recordFigures({ scenario: "concurrency, 20 status changes on one ticket", requests: rounds * AGENTS, inputs: rounds, rowsChecked, serverErrors: 0, notes: `${rounds} rounds, ${applied} changes applied (each agent retrying on a version conflict), versions 1 apart and the audit chain unbroken every time` });
});
