import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LiveEvent } from "@/lib/live/events.ts";
import { openDatabase } from "@/lib/server/db/client.ts";
import { createTestDatabase, type TestDatabase } from "@/lib/server/db/test-database.ts";
import { addInternalNote, claimTicket } from "@/lib/server/tickets/agent-actions.ts";
import { createAgent, createTicket, createTickets } from "@/lib/server/tickets/test-fixtures.ts";
import { LiveHub } from "./hub.ts";
import { liveEventStream } from "./sse.ts";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

function runsOnPostgresServer(): boolean {
  return Boolean(process.env.DATABASE_URL);
}

/** Collects a hub's events; `next(predicate)` waits for a matching one. */
function recorder(hub: LiveHub) {
  const events: LiveEvent[] = [];
  const waiters: { predicate: (event: LiveEvent) => boolean; resolve: (event: LiveEvent) => void }[] = [];
  hub.subscribe((event) => {
    events.push(event);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(event)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  });
  return {
    events,
    next(predicate: (event: LiveEvent) => boolean, timeoutMs = 10_000): Promise<LiveEvent> {
      const seen = events.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching event; got ${JSON.stringify(events)}`)), timeoutMs);
        waiters.push({ predicate, resolve: (event) => (clearTimeout(timer), resolve(event)) });
      });
    },
  };
}

describe("live updates from the database", () => {
  it("announce new tickets, changes and messages with ids only, to every instance", async () => {
    const first = new LiveHub(database);
    // A second app instance on the same database has its own connection (on PGlite: the same process).
    const secondDatabase = database.target.kind === "postgres" ? openDatabase(database.target) : database;
    const second = new LiveHub(secondDatabase);
    try {
      const heardFirst = recorder(first);
      const heardSecond = recorder(second);
      await Promise.all([first.ready(), second.ready()]);

      const ticket = await createTicket(database.prisma);
      const created = { kind: "ticket.created", ticketId: ticket.id, reference: ticket.reference, version: 1 };
      expect(await heardFirst.next((event) => event.kind === "ticket.created")).toEqual(created);
      expect(await heardSecond.next((event) => event.kind === "ticket.created")).toEqual(created);

      const agent = await createAgent(database.prisma, "Live Agent");
      await claimTicket(agent, { ticketId: ticket.id, version: 1 }, database.prisma);
      expect(await heardSecond.next((event) => event.kind === "ticket.updated")).toEqual({
        kind: "ticket.updated",
        ticketId: ticket.id,
        reference: ticket.reference,
        version: 2,
      });

      await addInternalNote(agent, { ticketId: ticket.id, body: "customer data stays out of notices" }, database.prisma);
      const message = await heardFirst.next((event) => event.kind === "message.created");
      expect(message).toEqual({
        kind: "message.created",
        ticketId: ticket.id,
        reference: ticket.reference,
        version: 2,
        messageKind: "INTERNAL_NOTE",
      });
      expect(JSON.stringify([...heardFirst.events, ...heardSecond.events])).not.toMatch(/customer data|@example\.com/);

      // A bulk statement is one notice, not thousands.
      const before = heardFirst.events.length;
      await createTickets(database.prisma, Array.from({ length: 50 }, () => ({})));
      expect(await heardFirst.next((event) => event.kind === "tickets.bulk")).toEqual({ kind: "tickets.bulk", count: 50 });
      expect(heardFirst.events.length - before).toBe(1);
    } finally {
      await first.close();
      await second.close();
      if (secondDatabase !== database) await secondDatabase.close();
    }
  });

  // Only a PostgreSQL server has a connection to lose; the embedded database lives in-process.
  it.runIf(runsOnPostgresServer())("reconnects after losing its connection and asks dashboards to resync", async () => {
    const hub = new LiveHub(database);
    try {
      const heard = recorder(hub);
      await hub.ready();
      const [result] = await database.prisma.$queryRawUnsafe<{ killed: boolean }[]>(
        `SELECT bool_or(pg_terminate_backend(pid)) AS killed FROM pg_stat_activity
         WHERE application_name = 'supportgate-live' AND datname = current_database()`,
      );
      expect(result?.killed).toBe(true);
      await heard.next((event) => event.kind === "resync", 20_000);
      const ticket = await createTicket(database.prisma);
      expect(await heard.next((event) => event.kind === "ticket.created" && event.ticketId === ticket.id)).toMatchObject({
        reference: ticket.reference,
      });
    } finally {
      await hub.close();
    }
  });

  it("streams changes as Server-Sent Events with a retry hint and ends when the browser leaves", async () => {
    const hub = new LiveHub(database);
    const abort = new AbortController();
    try {
      const reader = liveEventStream(hub, abort.signal, { heartbeatMs: 200 }).getReader();
      const decoder = new TextDecoder();
      let text = "";
      const readUntil = async (pattern: RegExp) => {
        while (!pattern.test(text)) {
          const { value, done } = await reader.read();
          if (done) throw new Error(`stream ended before ${pattern}: ${text}`);
          text += decoder.decode(value);
        }
      };
      await readUntil(/event: ready\n/);
      expect(text).toMatch(/^retry: 3000\n/);
      const ticket = await createTicket(database.prisma);
      await readUntil(new RegExp(ticket.id));
      expect(text).toContain(
        `event: change\ndata: ${JSON.stringify({ kind: "ticket.created", ticketId: ticket.id, reference: ticket.reference, version: 1 })}\n\n`,
      );
      await readUntil(/: ping\n\n/);
      expect(hub.subscriberCount).toBe(1);
      abort.abort();
      expect((await reader.read()).done).toBe(true);
      expect(hub.subscriberCount).toBe(0);
    } finally {
      await hub.close();
    }
  });
});
