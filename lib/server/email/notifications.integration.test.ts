import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { AgentActor } from "@/lib/server/auth/actor.ts";
import { createTestDatabase, type TestDatabase } from "@/lib/server/db/test-database.ts";
import { changeTicketStatus, replyToTicket } from "@/lib/server/tickets/agent-actions.ts";
import { submitIntake } from "@/lib/server/tickets/intake.ts";
import { createAgent, createTicket } from "@/lib/server/tickets/test-fixtures.ts";

vi.stubEnv("NEXTAUTH_SECRET", "email-hooks-test-secret");
vi.stubEnv("APP_BASE_URL", "https://support.example.test");

let database: TestDatabase;
let agent: AgentActor;

beforeAll(async () => {
  database = await createTestDatabase();
  agent = await createAgent(database.prisma, "Aiko Sato");
  // Fail a transaction after its mail was queued: the "resolved" mail of a ticket described as
  // 'fail-after-queueing' (the "replied" one is already written by then), and the idempotency
  // record that intake writes after the "received" mail. (Not deferred to COMMIT: the embedded
  // database's Prisma adapter does not report errors raised at COMMIT.)
  await database.prisma.$executeRawUnsafe(`
    CREATE FUNCTION fail_on_purpose() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'failing on purpose'; END $$`);
  await database.prisma.$executeRawUnsafe(`
    CREATE FUNCTION fail_resolved_mail_on_purpose() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF (SELECT description FROM tickets WHERE id = NEW.ticket_id) = 'fail-after-queueing' THEN
        RAISE EXCEPTION 'failing on purpose';
      END IF;
      RETURN NEW;
    END $$`);
  await database.prisma.$executeRawUnsafe(`
    CREATE TRIGGER outbox_fail_on_purpose AFTER INSERT ON outbox_messages FOR EACH ROW
    WHEN (NEW.kind = 'TICKET_RESOLVED') EXECUTE FUNCTION fail_resolved_mail_on_purpose()`);
  await database.prisma.$executeRawUnsafe(`
    CREATE TRIGGER idempotency_fail_on_purpose AFTER UPDATE ON idempotency_keys FOR EACH ROW
    WHEN (NEW.key LIKE '%fail-after-queueing') EXECUTE FUNCTION fail_on_purpose()`);
});
afterAll(async () => {
  await database.drop();
});

async function queued(ticketId: string) {
  return database.prisma.outboxMessage.findMany({
    where: { ticketId },
    orderBy: { createdAt: "asc" },
    select: { kind: true, toAddress: true, language: true, subject: true, textBody: true, status: true },
  });
}

describe("queued with the change that causes them", () => {
  it("an agent's reply queues the 'replied' mail with the reply, to the customer, in the ticket's language", async () => {
    const ticket = await createTicket(database.prisma, { language: "ja", contactEmail: "mika@example.jp" });
    await replyToTicket(agent, { ticketId: ticket.id, version: 1, body: "迷惑メールフォルダをご確認ください。" }, database.prisma);
    const [mail, ...rest] = await queued(ticket.id);
    expect(rest).toEqual([]);
    expect(mail).toMatchObject({ kind: "AGENT_REPLIED", toAddress: "mika@example.jp", language: "ja", status: "PENDING" });
    expect(mail!.subject).toBe(`[${ticket.reference}] サポートから返信があります`);
    expect(mail!.textBody).toContain("> 迷惑メールフォルダをご確認ください。");
  });

  it("a reply that resolves queues 'replied' then 'resolved'", async () => {
    const ticket = await createTicket(database.prisma, { status: "OPEN", assigneeId: agent.id });
    await replyToTicket(agent, { ticketId: ticket.id, version: 1, body: "Fixed on our side.", status: "RESOLVED" }, database.prisma);
    expect((await queued(ticket.id)).map((mail) => mail.kind)).toEqual(["AGENT_REPLIED", "TICKET_RESOLVED"]);
  });

  it("resolving queues 'resolved' once; other status changes queue nothing", async () => {
    const ticket = await createTicket(database.prisma, { status: "OPEN", assigneeId: agent.id });
    let { version } = await changeTicketStatus(agent, { ticketId: ticket.id, version: 1, status: "PENDING" }, database.prisma);
    expect(await queued(ticket.id)).toEqual([]);
    ({ version } = await changeTicketStatus(agent, { ticketId: ticket.id, version, status: "RESOLVED" }, database.prisma));
    // Saving the same status again changes nothing and sends nothing.
    await changeTicketStatus(agent, { ticketId: ticket.id, version, status: "RESOLVED" }, database.prisma);
    ({ version } = await changeTicketStatus(agent, { ticketId: ticket.id, version, status: "CLOSED" }, database.prisma));
    const mails = await queued(ticket.id);
    expect(mails.map((mail) => mail.kind)).toEqual(["TICKET_RESOLVED"]);
    expect(mails[0]!.subject).toBe(`[${ticket.reference}] Your request has been resolved`);
  });

  it("a reply or status change that rolls back queues nothing", async () => {
    const ticket = await createTicket(database.prisma, { status: "OPEN", assigneeId: agent.id, description: "fail-after-queueing" });
    await expect(
      replyToTicket(agent, { ticketId: ticket.id, version: 1, body: "This reply never commits.", status: "RESOLVED" }, database.prisma),
    ).rejects.toThrow();
    await expect(changeTicketStatus(agent, { ticketId: ticket.id, version: 1, status: "RESOLVED" }, database.prisma)).rejects.toThrow();
    expect(await queued(ticket.id)).toEqual([]);
    // The "replied" mail was written before the failure and went with the reply.
    expect(await database.prisma.message.count({ where: { ticketId: ticket.id } })).toBe(0);
    expect(await database.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id }, select: { status: true, version: true } })).toEqual({
      status: "OPEN",
      version: 1,
    });
  });

  it("intake queues the 'received' mail with the ticket, and nothing when the intake rolls back", async () => {
    const body = {
      category: "SMS",
      contactEmail: "rina@example.jp",
      language: "ja",
      description: "SMSのコードが届きません。海外にいます。",
      details: { phoneNumber: "+819012345678", problem: "NO_SMS", currentCountry: "SG" },
    };
    const filed = await submitIntake({ body, channel: "api", clientAddress: "192.0.2.10" }, database.prisma);
    if (filed.kind !== "created") throw new Error(filed.kind);
    expect(await queued(filed.ticketId)).toMatchObject([
      { kind: "TICKET_RECEIVED", toAddress: "rina@example.jp", language: "ja", subject: `[${filed.answer.reference}] お問い合わせを受け付けました` },
    ]);

    const before = await database.prisma.outboxMessage.count();
    const ticketsBefore = await database.prisma.ticket.count();
    await expect(
      submitIntake({ body, channel: "api", clientAddress: "192.0.2.11", idempotencyKey: "fail-after-queueing" }, database.prisma),
    ).rejects.toThrow();
    expect(await database.prisma.ticket.count()).toBe(ticketsBefore);
    expect(await database.prisma.outboxMessage.count()).toBe(before);
  });
});
