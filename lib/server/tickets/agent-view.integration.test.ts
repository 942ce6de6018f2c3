import { beforeAll, describe, expect, it } from "vitest";
import type { AgentActor } from "@/lib/server/auth/actor.ts";
import { databaseForThisFile } from "@/lib/server/db/test-database-hooks.ts";
import { addInternalNote, assignTicket, claimTicket, replyToTicket } from "./agent-actions.ts";
import { assignableAgents, cannedResponsesFor, ticketForAgent } from "./agent-view.ts";
import { leaveTicket, otherViewers, recordPresence } from "./presence.ts";
import { createAgent, createTicket } from "./test-fixtures.ts";

const database = databaseForThisFile();
let aiko: AgentActor;
let ben: AgentActor;

beforeAll(async () => {
  aiko = await createAgent(database.prisma, "Aiko Sato");
  ben = await createAgent(database.prisma, "Ben Carter");
});

describe("the ticket as an agent sees it", () => {
  it("carries the form facts, the steps tried, the conversation and a readable history", async () => {
    const session = await database.prisma.selfHelpSession.create({
      data: {
        category: "TWO_FA",
        language: "ja",
        outcome: "ESCALATED",
        steps: {
          create: [
            { position: 1, stepKey: "two-fa.time-sync", answer: "STILL_STUCK" },
            { position: 0, stepKey: "two-fa.current-code", answer: "STILL_STUCK" },
          ],
        },
      },
    });
    const ticket = await createTicket(database.prisma, { category: "TWO_FA", language: "ja" });
    await database.prisma.ticket.update({
      where: { id: ticket.id },
      data: { selfHelpSessionId: session.id, details: { problem: "CODE_REJECTED", hasBackupKey: true }, masked: true },
    });
    await claimTicket(aiko, { ticketId: ticket.id, version: 1 }, database.prisma);
    await replyToTicket(aiko, { ticketId: ticket.id, version: 2, body: "時計の設定をご確認ください。" }, database.prisma);
    await addInternalNote(ben, { ticketId: ticket.id, body: "Possibly a second account." }, database.prisma);
    await assignTicket(aiko, { ticketId: ticket.id, version: 3, assigneeId: ben.id }, database.prisma);

    const view = await ticketForAgent(aiko, ticket.reference.toLowerCase(), database.prisma);
    expect(view).toMatchObject({
      id: ticket.id,
      reference: ticket.reference,
      category: "TWO_FA",
      status: "PENDING",
      version: 4,
      masked: true,
      details: { problem: "CODE_REJECTED", hasBackupKey: true },
      assignee: { id: ben.id, name: "Ben Carter" },
      selfHelpCategory: "TWO_FA",
      breached: false,
    });
    expect(view.stepsTried.map((step) => step.stepKey)).toEqual(["two-fa.current-code", "two-fa.time-sync"]);
    expect(view.conversation.map((entry) => [entry.kind, entry.authorName, entry.body])).toEqual([
      ["PUBLIC_REPLY", "Aiko Sato", "時計の設定をご確認ください。"],
      ["INTERNAL_NOTE", "Ben Carter", "Possibly a second account."],
    ]);
    // assignee ids read as names
    expect(view.history.filter((entry) => entry.field === "assignee").map((entry) => [entry.actorName, entry.from, entry.to])).toEqual([
      ["Aiko Sato", null, "Aiko Sato"],
      ["Aiko Sato", "Aiko Sato", "Ben Carter"],
    ]);
    expect(view.history.at(-1)).toMatchObject({ action: "ticket.assigned", actorType: "AGENT" });
  });

  it("answers NOT_FOUND for an unknown reference", async () => {
    await expect(ticketForAgent(aiko, "SG-0000-0000", database.prisma)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("offers canned responses of the ticket's category (or any) in the ticket's language, and active agents", async () => {
    await database.prisma.cannedResponse.createMany({
      data: [
        { category: "SMS", language: "en", title: "SMS roaming", body: "About {{reference}} …" },
        { category: null, language: "en", title: "Any category", body: "Thanks" },
        { category: "SMS", language: "ja", title: "SMS 日本語", body: "…" },
        { category: "EMAIL", language: "en", title: "Spam folder", body: "…" },
        { category: "SMS", language: "en", title: "Retired", body: "…", active: false },
      ],
    });
    const offered = await cannedResponsesFor(aiko, { category: "SMS", language: "en" }, database.prisma);
    expect(offered.map((response) => response.title)).toEqual(["SMS roaming", "Any category"]);

    await createAgent(database.prisma, "Gone Agent", { active: false });
    expect((await assignableAgents(aiko, database.prisma)).map((agent) => agent.name)).toEqual(["Aiko Sato", "Ben Carter"]);
  });
});

describe("presence", () => {
  it("shows the other agents with the ticket open, forgets them after 30 s or when they leave", async () => {
    const ticket = await createTicket(database.prisma);
    const start = new Date("2026-11-22T10:00:00Z");
    const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);

    expect(await recordPresence(aiko, ticket.id, database.prisma, at(0))).toEqual([]);
    expect(await recordPresence(ben, ticket.id, database.prisma, at(5))).toEqual([{ id: aiko.id, name: "Aiko Sato" }]);
    expect(await otherViewers(aiko, ticket.id, database.prisma, at(10))).toEqual([{ id: ben.id, name: "Ben Carter" }]);
    // Aiko's last heartbeat was at 0 s: gone at 31 s.
    expect(await recordPresence(ben, ticket.id, database.prisma, at(31))).toEqual([]);

    await recordPresence(aiko, ticket.id, database.prisma, at(32));
    await leaveTicket(aiko, ticket.id, database.prisma);
    expect(await otherViewers(ben, ticket.id, database.prisma, at(33))).toEqual([]);

    await expect(recordPresence(aiko, "00000000-0000-4000-8000-000000000000", database.prisma)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
