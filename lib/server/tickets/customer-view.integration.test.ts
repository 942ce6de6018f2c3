import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import type { TicketStatus } from "@/generated/prisma/client.ts";
import { isAppError } from "@/lib/errors.ts";
import { databaseForThisFile } from "@/lib/server/db/test-database-hooks.ts";
import { customerForStatusToken } from "./customer-actor.ts";
import { addCustomerReply, customerTicketView } from "./customer-view.ts";
import { submitIntake } from "./intake.ts";
import { statusTokenFor } from "./status-link.ts";

vi.stubEnv("NEXTAUTH_SECRET", "status-integration-test-secret");
vi.stubEnv("APP_BASE_URL", "https://support.example.test");

const database = databaseForThisFile({ freshRateLimits: true });

/** The status-link holder, as the status page's action resolves them. */
async function customer(token: string) {
  const found = await customerForStatusToken(token, database.prisma);
  if (!found) throw new Error(`no ticket for token ${token}`);
  return found;
}

let counter = 0;
async function fileTicket(status: TicketStatus = "NEW") {
  counter += 1;
  const result = await submitIntake(
    {
      body: {
        category: "EMAIL",
        contactEmail: `status-${counter}@example.com`,
        language: "en",
        description: "The password reset email does not arrive.",
        details: { mailType: "PASSWORD_RESET", checkedSpam: true },
      },
      channel: "api",
      clientAddress: `203.0.113.${counter}`,
    },
    database.prisma,
  );
  if (result.kind !== "created") throw new Error(JSON.stringify(result));
  await database.prisma.ticket.update({ where: { id: result.ticketId }, data: { status } });
  return { id: result.ticketId, reference: result.answer.reference, token: statusTokenFor(result.ticketId) };
}

const client = { clientAddress: "192.0.2.10" };

describe("customer ticket view", () => {
  it("shows the ticket and its public conversation, never internal notes", async () => {
    const ticket = await fileTicket("PENDING");
    const agent = await database.prisma.user.create({
      data: { email: "agent@example.com", name: "Agent", passwordHash: "not-used-here" },
    });
    await database.prisma.message.createMany({
      data: [
        { ticketId: ticket.id, kind: "PUBLIC_REPLY", authorType: "AGENT", authorId: agent.id, body: "Please check the spam folder.", createdAt: new Date(Date.now() + 1000) },
        { ticketId: ticket.id, kind: "INTERNAL_NOTE", authorType: "AGENT", authorId: agent.id, body: "Mail log says deferred.", createdAt: new Date(Date.now() + 2000) },
      ],
    });

    const view = await customerTicketView(ticket.token, database.prisma);
    expect(view).toMatchObject({
      reference: ticket.reference,
      statusUrl: `https://support.example.test/status/${ticket.token}`,
      category: "EMAIL",
      status: "PENDING",
      canReply: true,
    });
    expect(view?.messages.map((message) => [message.from, message.body])).toEqual([["SUPPORT", "Please check the spam folder."]]);
    expect(JSON.stringify(view)).not.toContain("deferred");
    expect(JSON.stringify(view)).not.toContain(agent.id);
  });

  it("finds nothing for an unknown, a malformed or a reference-only token", async () => {
    const ticket = await fileTicket();
    for (const token of ["A".repeat(43), "short", "", `${ticket.token}x`, ticket.reference, ticket.id]) {
      expect(await customerTicketView(token, database.prisma)).toBeNull();
    }
  });
});

describe("customer replies", () => {
  it.each(["PENDING", "RESOLVED"] as const)("re-open a %s ticket, stored as a public customer message with audit and version bump", async (status) => {
    const ticket = await fileTicket(status);
    const result = await addCustomerReply(await customer(ticket.token), { body: "  It still does not work.  " }, client, database.prisma);
    expect(result).toMatchObject({ kind: "added", reopened: true, masked: false });

    const stored = await database.prisma.ticket.findUniqueOrThrow({
      where: { id: ticket.id },
      include: { messages: true, auditEvents: { orderBy: { id: "asc" } } },
    });
    expect(stored.status).toBe("OPEN");
    expect(stored.version).toBe(2);
    expect(stored.messages).toEqual([
      expect.objectContaining({ kind: "PUBLIC_REPLY", authorType: "CUSTOMER", authorId: null, body: "It still does not work." }),
    ]);
    expect(stored.auditEvents.map((event) => [event.action, event.fromValue, event.toValue])).toEqual([
      ["ticket.created", null, "NEW"],
      ["ticket.customer_replied", null, null],
      ["ticket.status_changed", status, "OPEN"],
    ]);
  });

  it("leave a NEW or OPEN ticket's status alone", async () => {
    for (const status of ["NEW", "OPEN"] as const) {
      const ticket = await fileTicket(status);
      expect(await addCustomerReply(await customer(ticket.token), { body: "One more detail." }, client, database.prisma)).toMatchObject({ reopened: false });
      expect((await database.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status).toBe(status);
    }
  });

  it("are refused on a CLOSED ticket, for an empty body and for an unknown token, writing nothing", async () => {
    const closed = await fileTicket("CLOSED");
    const open = await fileTicket("OPEN");
    const before = await database.prisma.message.count();
    expect(await addCustomerReply(await customer(closed.token), { body: "Hello?" }, client, database.prisma)).toEqual({ kind: "closed" });
    expect(await addCustomerReply(await customer(open.token), { body: "   " }, client, database.prisma)).toEqual({
      kind: "invalid",
      issues: [{ path: "body", message: "reply_length" }],
    });
    expect(await addCustomerReply(await customer(open.token), { body: "x".repeat(5001) }, client, database.prisma)).toMatchObject({ kind: "invalid" });
    expect(await customerForStatusToken("B".repeat(43), database.prisma)).toBeNull();
    expect(await database.prisma.message.count()).toBe(before);
    expect((await database.prisma.ticket.findUniqueOrThrow({ where: { id: closed.id } })).version).toBe(1);
  });

  it("store a doubled or retried submission once, even when both arrive at the same time", async () => {
    const ticket = await fileTicket("PENDING");
    const submissionId = randomUUID();
    const reply = { body: "Still no email, sorry.", submissionId };
    const holder = await customer(ticket.token);
    const [first, twin] = await Promise.all([
      addCustomerReply(holder, reply, client, database.prisma),
      addCustomerReply(holder, reply, client, database.prisma),
    ]);
    expect(first).toMatchObject({ kind: "added" });
    expect(twin).toMatchObject({ kind: "added" });
    if (first.kind !== "added" || twin.kind !== "added") throw new Error("not added");
    expect(twin.messageId).toBe(first.messageId);
    const retry = await addCustomerReply(await customer(ticket.token), reply, client, database.prisma);
    expect(retry).toMatchObject({ kind: "added", messageId: first.messageId, reopened: false });

    const stored = await database.prisma.ticket.findUniqueOrThrow({
      where: { id: ticket.id },
      select: { version: true, status: true, messages: { select: { id: true } }, auditEvents: { select: { action: true } } },
    });
    expect(stored.messages).toEqual([{ id: first.messageId }]);
    expect(stored.version).toBe(2);
    expect(stored.status).toBe("OPEN");
    expect(stored.auditEvents.filter((event) => event.action === "ticket.customer_replied")).toHaveLength(1);

    // A new reply (a new id) is a new message; an id that is not a UUID is refused.
    expect(await addCustomerReply(await customer(ticket.token), { body: "And one more thing.", submissionId: randomUUID() }, client, database.prisma)).toMatchObject({
      kind: "added",
    });
    expect(await database.prisma.message.count({ where: { ticketId: ticket.id } })).toBe(2);
    expect(await addCustomerReply(await customer(ticket.token), { body: "Hello", submissionId: "1' OR '1'='1" }, client, database.prisma)).toEqual({
      kind: "invalid",
      issues: [{ path: "submissionId", message: "invalid" }],
    });
  });

  it("mask secrets before storing", async () => {
    const ticket = await fileTicket("PENDING");
    const result = await addCustomerReply(await customer(ticket.token), { body: "My 2FA code is 739201, does that help?" }, client, database.prisma);
    expect(result).toMatchObject({ kind: "added", masked: true });
    const message = await database.prisma.message.findFirstOrThrow({ where: { ticketId: ticket.id } });
    expect(message.masked).toBe(true);
    expect(message.body).not.toContain("739201");
  });

  it("are rate-limited per ticket", async () => {
    const ticket = await fileTicket("OPEN");
    for (let i = 0; i < 10; i++) {
      await addCustomerReply(await customer(ticket.token), { body: `Reply number ${i}` }, { clientAddress: `192.0.2.${100 + i}` }, database.prisma);
    }
    const refused = await addCustomerReply(await customer(ticket.token), { body: "One too many" }, { clientAddress: "192.0.2.200" }, database.prisma).catch(
      (error: unknown) => error,
    );
    expect(isAppError(refused) && refused.code).toBe("RATE_LIMITED");
    expect(await database.prisma.message.count({ where: { ticketId: ticket.id } })).toBe(10);
  });
});

describe("what the customer is told about masked secrets", () => {
  it("names the kinds masked out of the description and the details, so the advice fits them", async () => {
    const seed = "abandon ability able about above absent absorb abstract absurd abuse access accident";
    const result = await submitIntake(
      {
        body: {
          category: "ACCOUNT",
          contactEmail: "masked-kinds@example.com",
          language: "ja",
          description: `シードフレーズは ${seed} です。アカウントが凍結されました。`,
          details: { problem: "FROZEN", noticeReason: "パスワード：hunter22 を入れたら凍結", suspectedUnauthorizedAccess: true },
        },
        channel: "api",
        clientAddress: "192.0.2.200",
      },
      database.prisma,
    );
    if (result.kind !== "created") throw new Error(JSON.stringify(result));
    const view = await customerTicketView(statusTokenFor(result.ticketId), database.prisma);
    expect(view).toMatchObject({ masked: true, maskedKinds: ["PASSWORD", "SEED_PHRASE"] });
    const plain = await fileTicket();
    expect(await customerTicketView(plain.token, database.prisma)).toMatchObject({ masked: false, maskedKinds: [] });
  });
});
