import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { AgentActor } from "@/lib/server/auth/actor.ts";
import { closeDatabase, openDatabase } from "@/lib/server/db/client.ts";
import { databaseForThisFile } from "@/lib/server/db/test-database-hooks.ts";
import { createAgent, createTickets } from "@/lib/server/tickets/test-fixtures.ts";

// The signed-in agent is given (the session layer has its own tests); the export runs for real.
const signedIn = vi.hoisted(() => ({ actor: null as AgentActor | null }));
vi.mock("@/lib/server/auth/session.ts", () => ({
  requireAgent: async () => signedIn.actor,
  requireAdmin: async () => signedIn.actor,
  currentAgent: async () => signedIn.actor,
}));

const { GET } = await import("./route.ts");

const database = databaseForThisFile();
const SLOT = Symbol.for("supportgate.database");
const slot = globalThis as unknown as Record<symbol, unknown>;

beforeAll(async () => {
  slot[SLOT] = database.current;
  signedIn.actor = await createAgent(database.prisma, "Export Agent");
  await createTickets(database.prisma, Array.from({ length: 3 }, () => ({})));
});
afterAll(async () => {
  await closeDatabase();
});

const exportRequest = () => new NextRequest("http://localhost/api/agent/tickets/export?status=all", { headers: { "accept-language": "en" } });

describe("GET /api/agent/tickets/export", () => {
  it("streams the file and records who exported what", async () => {
    const response = await GET(exportRequest());
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const lines = (await response.text()).trim().split("\n");
    expect(lines).toHaveLength(1 + 3);
    const event = await database.prisma.auditEvent.findFirstOrThrow({ where: { action: "queue.exported" } });
    expect(event).toMatchObject({ actorId: signedIn.actor!.id, data: { filters: "status=all", rows: 3 } });
  });

  it("answers 503 before the file starts when the database is down, instead of a truncated 200", async () => {
    // Port 9 (discard) on loopback: nothing listens, so connections are refused at once.
    slot[SLOT] = openDatabase({ kind: "postgres", url: "postgresql://postgres@127.0.0.1:9/none" });
    try {
      const response = await GET(exportRequest());
      expect(response.status).toBe(503);
      expect(response.headers.get("content-type")).toContain("application/json");
      expect((await response.json()).error.code).toBe("DATABASE_UNAVAILABLE");
    } finally {
      await closeDatabase();
      slot[SLOT] = database.current;
    }
  });
});
