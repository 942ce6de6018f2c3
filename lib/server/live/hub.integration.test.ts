import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/server/db/client.ts";
import { createTestDatabase, type TestDatabase } from "@/lib/server/db/test-database.ts";
import { addInternalNote, claimTicket } from "@/lib/server/tickets/agent-actions.ts";
import { createAgent, createTicket, createTickets } from "@/lib/server/tickets/test-fixtures.ts";
import { createAgentSession, endSession, endSessionsOf } from "@/lib/server/auth/sessions.ts";
import { LiveHub, type HubEvent } from "./hub.ts";
import { liveEventStream } from "./sse.ts";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

/** Collects a hub's events; `next(predicate)` waits for a matching one. */
function recorder(hub: LiveHub) {
  const events: HubEvent[] = [];
  const waiters: { predicate: (event: HubEvent) => boolean; resolve: (event: HubEvent) => void }[] = [];
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
    next(predicate: (event: HubEvent) => boolean, timeoutMs = 10_000): Promise<HubEvent> {
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

  // Only a PostgreSQL server has a connection to lose (the embedded database lives in-process),
  // so this one runs on a server database in every mode.
  it("reconnects after losing its connection and asks dashboards to resync", async () => {
    const serverDatabase = await createTestDatabase({ onServer: true });
    const hub = new LiveHub(serverDatabase);
    try {
      const heard = recorder(hub);
      await hub.ready();
      const [result] = await serverDatabase.prisma.$queryRawUnsafe<{ killed: boolean }[]>(
        `SELECT bool_or(pg_terminate_backend(pid)) AS killed FROM pg_stat_activity
         WHERE application_name = 'supportgate-live' AND datname = current_database()`,
      );
      expect(result?.killed).toBe(true);
      await heard.next((event) => event.kind === "resync", 20_000);
      const ticket = await createTicket(serverDatabase.prisma);
      expect(await heard.next((event) => event.kind === "ticket.created" && event.ticketId === ticket.id)).toMatchObject({
        reference: ticket.reference,
      });
    } finally {
      await hub.close();
      await serverDatabase.drop();
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

  it("closes a session's stream the moment that session ends, and only that session's, without telling browsers", async () => {
    const hub = new LiveHub(database);
    const agent = await createAgent(database.prisma, "Streaming Agent");
    const ended = await createAgentSession({ userId: agent.id, method: "PASSWORD", secondFactorVerified: false, userAgent: "test", clientAddress: "192.0.2.1" }, database.prisma);
    const kept = await createAgentSession({ userId: agent.id, method: "PASSWORD", secondFactorVerified: false, userAgent: "test", clientAddress: "192.0.2.2" }, database.prisma);
    const open = (id: string) => {
      const reader = liveEventStream(hub, new AbortController().signal, { session: { id, stillOpen: async () => true } }).getReader();
      let text = "";
      const decoder = new TextDecoder();
      return {
        async readUntilDone(timeoutMs: number): Promise<boolean> {
          const deadline = Date.now() + timeoutMs;
          while (Date.now() < deadline) {
            const next = await Promise.race([reader.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), deadline - Date.now()))]);
            if (next === null) return false;
            if (next.done) return true;
            text += decoder.decode(next.value);
          }
          return false;
        },
        get text() {
          return text;
        },
        cancel: () => reader.cancel(),
      };
    };
    try {
      const endedStream = open(ended);
      const keptStream = open(kept);
      await hub.ready();
      await endSession(ended, "signed-out", database.prisma);
      expect(await endedStream.readUntilDone(5_000)).toBe(true);
      expect(await keptStream.readUntilDone(500)).toBe(false);
      expect(endedStream.text + keptStream.text).not.toContain("session.ended");
      // ending every session of the account (deactivation, role change …) closes the other too
      await endSessionsOf(agent.id, "deactivated", database.prisma);
      expect(await keptStream.readUntilDone(5_000)).toBe(true);
      expect(hub.subscriberCount).toBe(0);
    } finally {
      await hub.close();
    }
  });

  it("closes a stream whose session a periodic check finds expired", async () => {
    const hub = new LiveHub(database);
    let open = true;
    try {
      const reader = liveEventStream(hub, new AbortController().signal, {
        session: { id: "00000000-0000-4000-8000-000000000001", stillOpen: async () => open, checkEveryMs: 50 },
      }).getReader();
      await reader.read();
      open = false;
      for (;;) if ((await reader.read()).done) break;
      expect(hub.subscriberCount).toBe(0);
    } finally {
      await hub.close();
    }
  });
});
