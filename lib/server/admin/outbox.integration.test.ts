import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { isAppError } from "@/lib/errors.ts";
import type { AgentActor } from "@/lib/server/auth/actor.ts";
import { settings } from "@/lib/server/config/settings.ts";
import { createTestDatabase, type TestDatabase } from "@/lib/server/db/test-database.ts";
import { replyToTicket } from "@/lib/server/tickets/agent-actions.ts";
import { customerTicketView } from "@/lib/server/tickets/customer-view.ts";
import { hashStatusToken } from "@/lib/server/tickets/status-link.ts";
import { createAgent, createTicket } from "@/lib/server/tickets/test-fixtures.ts";
import { outboxOverview, retryOutboxMessage } from "./outbox.ts";

vi.stubEnv("NEXTAUTH_SECRET", "admin-outbox-test-secret");
vi.stubEnv("APP_BASE_URL", "https://support.example.test");

let database: TestDatabase;
let admin: AgentActor;
let agent: AgentActor;

beforeAll(async () => {
  database = await createTestDatabase();
  admin = await createAgent(database.prisma, "Hana Admin", { role: "ADMIN" });
  agent = await createAgent(database.prisma, "Ben Agent");
});
afterAll(async () => {
  await database.drop();
});

const options = { hiddenLinkLabel: "[hidden link]" };

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  return isAppError(error) ? error.code : String(error);
}

describe("the outbox for admins", () => {
  it("shows kept mail with its working status link when no mail server is configured, and hides the link when one is", async () => {
    const ticket = await createTicket(database.prisma, { contactEmail: "kept@example.com" });
    await replyToTicket(agent, { ticketId: ticket.id, version: 1, body: "Please look in the spam folder." }, database.prisma);

    const demo = await outboxOverview(admin, options, database.prisma, { ...settings(), SMTP_URL: undefined });
    expect(demo.smtpConfigured).toBe(false);
    expect(demo.counts).toEqual({ PENDING: 1, SENT: 0, FAILED: 0, SKIPPED: 0 });
    const [kept] = demo.messages;
    expect(kept).toMatchObject({ kind: "AGENT_REPLIED", status: "PENDING", toAddress: "kept@example.com", ticketReference: ticket.reference, attempts: 0 });
    const link = /https:\/\/support\.example\.test\/status\/([A-Za-z0-9_-]{43})/.exec(kept!.text);
    expect(link).not.toBeNull();
    // The test ticket's stored token hash is for `test-token-<id>`; the link derives the real one.
    expect(await customerTicketView(link![1]!, database.prisma)).toBeNull();
    await database.prisma.ticket.update({
      where: { id: ticket.id },
      data: { statusTokenHash: hashStatusToken(link![1]!) },
    });
    expect((await customerTicketView(link![1]!, database.prisma))?.reference).toBe(ticket.reference);

    const live = await outboxOverview(admin, options, database.prisma, { ...settings(), SMTP_URL: "smtp://mail.example.test:25" });
    expect(live.smtpConfigured).toBe(true);
    expect(live.messages[0]!.text).toContain("[hidden link]");
    expect(live.messages[0]!.text).not.toContain("/status/");
  });

  it("refuses agents who are not admins", async () => {
    expect(await refusal(outboxOverview(agent, options, database.prisma))).toBe("FORBIDDEN");
    expect(await refusal(retryOutboxMessage(agent, { id: crypto.randomUUID() }, database.prisma))).toBe("FORBIDDEN");
  });

  it("puts a failed message back in the queue, once, and records who did", async () => {
    const ticket = await createTicket(database.prisma);
    const failed = await database.prisma.outboxMessage.create({
      data: {
        ticketId: ticket.id, kind: "TICKET_RESOLVED", toAddress: "gone@example.com", language: "en", subject: "s",
        textBody: "t", htmlBody: "h", status: "FAILED", attempts: 20, lastError: "550 mailbox unavailable",
      },
    });
    await retryOutboxMessage(admin, { id: failed.id }, database.prisma);
    expect(await database.prisma.outboxMessage.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({ status: "PENDING", attempts: 0 });
    expect(await refusal(retryOutboxMessage(admin, { id: failed.id }, database.prisma))).toBe("NOT_FOUND");
    expect(await database.prisma.auditEvent.count({ where: { action: "outbox.retried", actorId: admin.id } })).toBe(1);
  });

  it("sends a message skipped at the mailbox cap again when an admin asks", async () => {
    const ticket = await createTicket(database.prisma);
    const skipped = await database.prisma.outboxMessage.create({
      data: {
        ticketId: ticket.id, kind: "TICKET_RECEIVED", toAddress: "busy@example.com", language: "en", subject: "s",
        textBody: "t", htmlBody: "h", status: "SKIPPED", attempts: 1, lastError: "not sent: this mailbox already had 10 mails",
      },
    });
    await retryOutboxMessage(admin, { id: skipped.id }, database.prisma);
    expect(await database.prisma.outboxMessage.findUniqueOrThrow({ where: { id: skipped.id } })).toMatchObject({ status: "PENDING", attempts: 0 });
    expect(
      await database.prisma.auditEvent.findFirstOrThrow({ where: { action: "outbox.retried", data: { path: ["outboxMessageId"], equals: skipped.id } } }),
    ).toMatchObject({ fromValue: "SKIPPED", toValue: "PENDING", actorId: admin.id });
  });
});
