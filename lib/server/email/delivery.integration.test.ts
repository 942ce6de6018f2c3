import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { parseSettings, settings } from "@/lib/server/config/settings.ts";
import { databaseForThisFile } from "@/lib/server/db/test-database-hooks.ts";
import { changeTicketStatus, replyToTicket } from "@/lib/server/tickets/agent-actions.ts";
import { customerTicketView } from "@/lib/server/tickets/customer-view.ts";
import { submitIntake } from "@/lib/server/tickets/intake.ts";
import { createAgent } from "@/lib/server/tickets/test-fixtures.ts";
import { outboxWorkerSettings } from "./settings.ts";
import { STATUS_LINK_PLACEHOLDER } from "./templates.ts";
import { createTestSmtpServer, type TestSmtpServer } from "./test-smtp-server.ts";
import { smtpSender, type MailSender } from "./transport.ts";
import { deliverDueMessages, messageIdFor, startOutboxWorker } from "./worker.ts";

vi.stubEnv("NEXTAUTH_SECRET", "email-delivery-test-secret");
vi.stubEnv("APP_BASE_URL", "https://support.example.test");
vi.stubEnv("SUPPORT_BRAND_NAME", "Sakura Exchange");
vi.stubEnv("MAIL_FROM", "Sakura Exchange Support <help@mail.sakura.test>");

const workerSettings = { ...outboxWorkerSettings(parseSettings({})), pollIntervalMs: 50, retryBaseDelayMs: 50 };
let smtp: TestSmtpServer;
let sender: MailSender;
const database = databaseForThisFile();

beforeAll(async () => {
  smtp = await createTestSmtpServer({ refuseRecipients: ["gone@example.com"] });
  await smtp.start();
  sender = smtpSender(smtp.url);
});
afterAll(async () => {
  sender.close();
  await smtp.stop();
});
beforeEach(async () => {
  await database.prisma.rateLimitBucket.deleteMany();
  await database.prisma.outboxMessage.deleteMany();
  smtp.received.length = 0;
});

function deliver() {
  return deliverDueMessages({ db: database.prisma, sender, from: settings().MAIL_FROM, settings: workerSettings });
}

let clientCounter = 0;
async function fileTicket(body: Record<string, unknown>) {
  clientCounter += 1;
  const result = await submitIntake({ body, channel: "api", clientAddress: `203.0.113.${clientCounter}` }, database.prisma);
  if (result.kind === "invalid") throw new Error(JSON.stringify(result.issues));
  return result;
}

const SEED = "abandon ability able about above absent absorb abstract absurd abuse access accident";

function statusTokenIn(mail: ParsedMail): string {
  const match = /https:\/\/support\.example\.test\/status\/([A-Za-z0-9_-]{43})/.exec(mail.text ?? "");
  if (!match) throw new Error(`no status link in:\n${mail.text}`);
  return match[1]!;
}

describe("the received mail", () => {
  it("reaches the customer in English with the reference, topic, a working status link and the safety notice, secrets still masked", async () => {
    const filed = await fileTicket({
      category: "TWO_FA",
      contactEmail: "sam@example.com",
      language: "en",
      description: `My 2FA code is 482913 and my seed phrase is ${SEED}. <script>alert(1)</script>`,
      details: { problem: "LOST_DEVICE", hasBackupKey: false, phoneVerified: "NO", deviceChangedRecently: true },
    });
    const stored = await database.prisma.outboxMessage.findFirstOrThrow({ where: { ticketId: filed.ticketId } });
    // The outbox never holds a working status link; the worker derives it when sending.
    expect(stored.textBody).toContain(STATUS_LINK_PLACEHOLDER);
    expect(stored.textBody).not.toContain(filed.answer.statusUrl);

    expect(await deliver()).toMatchObject({ leased: 1, sent: 1 });
    const [mail] = await smtp.waitForMessages(1);
    const reference = filed.answer.reference;
    expect(mail!.subject).toBe(`[${reference}] We received your request`);
    expect(mail!.from?.value).toEqual([{ name: "Sakura Exchange Support", address: "help@mail.sakura.test" }]);
    expect(mail!.to && !Array.isArray(mail!.to) ? mail!.to.value.map((to) => to.address) : []).toEqual(["sam@example.com"]);
    expect(mail!.messageId).toBe(messageIdFor(stored.id, settings().MAIL_FROM));
    expect(mail!.headers.get("auto-submitted")).toBe("auto-generated");

    const text = mail!.text ?? "";
    expect(text).toContain(`Your reference is ${reference}`);
    expect(text).toContain("Topic: 2FA / authenticator codes");
    expect(text).toContain("will never ask for your password, 2FA codes, backup key or seed phrase");
    expect(text).toContain("looked like a code, password, key or seed phrase, so we removed it");
    expect(text).toContain(filed.answer.statusUrl);
    expect(mail!.html).toContain(`href="${filed.answer.statusUrl}"`);
    for (const body of [text, String(mail!.html)]) {
      expect(body).not.toContain("482913");
      expect(body).not.toContain("abandon ability");
      expect(body).not.toContain("<script>");
      expect(body).not.toContain(STATUS_LINK_PLACEHOLDER);
    }

    const view = await customerTicketView(statusTokenIn(mail!), database.prisma);
    expect(view).toMatchObject({ reference, status: "NEW", language: "en" });
    expect(view!.description).toContain("[REDACTED:CODE]");

    expect(await database.prisma.outboxMessage.findUniqueOrThrow({ where: { id: stored.id } })).toMatchObject({
      status: "SENT",
      attempts: 1,
      lockedUntil: null,
      lastError: null,
    });
  });

  it("is in Japanese for a Japanese ticket", async () => {
    const filed = await fileTicket({
      category: "EMAIL",
      contactEmail: "mika@example.jp",
      language: "ja",
      description: "登録確認のメールが届きません。迷惑メールフォルダも見ました。",
      details: { mailType: "SIGNUP_VERIFICATION", checkedSpam: true },
    });
    await deliver();
    const [mail] = await smtp.waitForMessages(1);
    expect(mail!.subject).toBe(`[${filed.answer.reference}] お問い合わせを受け付けました`);
    expect(mail!.text).toContain(`受付番号は ${filed.answer.reference} です`);
    expect(mail!.text).toContain("内容：メールが届かない");
    expect(mail!.text).toContain("パスワード、2段階認証のコード、バックアップキー");
    expect(mail!.html).toContain('<html lang="ja">');
    expect((await customerTicketView(statusTokenIn(mail!), database.prisma))?.reference).toBe(filed.answer.reference);
  });
});

describe("agent mails", () => {
  it("carry an agent's reply (escaped in HTML) and, when the ticket is resolved, how to re-open it", async () => {
    const agent = await createAgent(database.prisma, "Aiko Sato");
    const filed = await fileTicket({
      category: "SMS",
      contactEmail: "lee@example.com",
      language: "en",
      description: "SMS codes never arrive on my phone.",
      details: { phoneNumber: "+819012345678", problem: "NO_SMS", currentCountry: "JP" },
    });
    await deliver();
    await smtp.waitForMessages(1);

    const reply = "Please check that short-code SMS are not blocked <b>by your carrier</b>.\nThen try again.";
    const { version } = await replyToTicket(agent, { ticketId: filed.ticketId, version: 1, body: reply }, database.prisma);
    await changeTicketStatus(agent, { ticketId: filed.ticketId, version, status: "RESOLVED" }, database.prisma);
    expect(await deliver()).toMatchObject({ sent: 2 });
    const [, replied, resolved] = await smtp.waitForMessages(3);

    expect(replied!.subject).toBe(`[${filed.answer.reference}] Support replied to your request`);
    expect(replied!.text).toContain("> Please check that short-code SMS are not blocked <b>by your carrier</b>.\n> Then try again.");
    expect(replied!.html).toContain("blocked &#60;b&#62;by your carrier&#60;/b&#62;.");
    expect(replied!.html).not.toContain("<b>by your carrier");
    expect(statusTokenIn(replied!)).toBe(new URL(filed.answer.statusUrl).pathname.split("/").pop());

    expect(resolved!.subject).toBe(`[${filed.answer.reference}] Your request has been resolved`);
    expect(resolved!.text).toContain("reply from your status page: your request re-opens");
    expect((await customerTicketView(statusTokenIn(resolved!), database.prisma))?.status).toBe("RESOLVED");
  });
});

describe("delivery", () => {
  it("gives up at once on a permanent refusal and keeps the server's answer", async () => {
    const filed = await fileTicket({
      category: "ACCOUNT",
      contactEmail: "gone@example.com",
      language: "en",
      description: "I cannot log in since yesterday.",
      details: { problem: "CANNOT_LOGIN", suspectedUnauthorizedAccess: false },
    });
    expect(await deliver()).toMatchObject({ leased: 1, failed: 1 });
    const row = await database.prisma.outboxMessage.findFirstOrThrow({ where: { ticketId: filed.ticketId } });
    expect(row).toMatchObject({ status: "FAILED", attempts: 1, sentAt: null, lockedUntil: null });
    expect(row.lastError).toContain("550");
    expect(await deliver()).toMatchObject({ leased: 0 });
  });

  it("sends each message exactly once when several workers run at the same time", async () => {
    const tickets = [];
    for (let index = 0; index < 8; index++) {
      tickets.push(
        await fileTicket({
          category: "EMAIL",
          contactEmail: `parallel${index}@example.com`,
          language: index % 2 ? "ja" : "en",
          description: "Verification mail does not arrive at all.",
          details: { mailType: "OTHER", checkedSpam: false },
        }),
      );
    }
    const workers = [1, 2, 3].map(() =>
      startOutboxWorker({ db: database.prisma, sender, from: settings().MAIL_FROM, settings: workerSettings, batchSize: 2 }),
    );
    await smtp.waitForMessages(8);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await Promise.all(workers.map((worker) => worker.stop()));
    expect(smtp.received).toHaveLength(8);
    expect(new Set(smtp.received.map((mail) => mail.messageId)).size).toBe(8);
    expect(await database.prisma.outboxMessage.count({ where: { status: "SENT", attempts: 1 } })).toBe(8);
  });
});

describe("the per-mailbox cap", () => {
  it("sends at most the cap to one mailbox an hour, however it is spelled: further received mail is skipped, agents' mail held", async () => {
    const filed = await fileTicket({
      category: "EMAIL",
      contactEmail: "Flood.Target+1@gmail.com",
      language: "en",
      description: "Verification mail does not arrive at all.",
      details: { mailType: "OTHER", checkedSpam: false },
    });
    const mail = (toAddress: string, kind = "TICKET_RECEIVED") => ({
      ticketId: filed.ticketId, kind, toAddress, language: "en" as const, subject: `${kind} to ${toAddress}`, textBody: "Hello", htmlBody: "<p>Hello</p>",
    });
    const spellings = ["floodtarget@gmail.com", "FLOOD.TARGET@googlemail.com", "f.l.o.o.d.target+x@gmail.com"];
    // one from intake, eleven more received mails and an agent's reply, oldest first
    for (let index = 0; index < 11; index++) {
      await database.prisma.outboxMessage.create({ data: { ...mail(spellings[index % 3]!), createdAt: new Date(Date.now() + (index + 1) * 1000) } });
    }
    const reply = await database.prisma.outboxMessage.create({ data: { ...mail("floodtarget@gmail.com", "AGENT_REPLIED"), createdAt: new Date(Date.now() + 20_000) } });
    const other = await database.prisma.outboxMessage.create({ data: { ...mail("someone.else@gmail.com"), createdAt: new Date(Date.now() + 30_000) } });

    const cap = outboxWorkerSettings().mailboxHourlyCap;
    expect(cap).toBe(10);
    for (let round = 0; round < 3; round++) await deliver();
    expect(smtp.received).toHaveLength(cap + 1);
    expect(await database.prisma.outboxMessage.count({ where: { status: "SENT", id: { not: other.id } } })).toBe(cap);
    const skipped = await database.prisma.outboxMessage.findMany({ where: { status: "SKIPPED" } });
    expect(skipped).toHaveLength(2);
    for (const row of skipped) {
      expect(row).toMatchObject({ kind: "TICKET_RECEIVED", sentAt: null, lockedUntil: null });
      expect(row.lastError).toContain("mailbox");
    }
    const held = await database.prisma.outboxMessage.findUniqueOrThrow({ where: { id: reply.id } });
    expect(held).toMatchObject({ status: "PENDING", attempts: 0, sentAt: null, lockedUntil: null });
    expect(held.lastError).toContain("held");
    const nextHour = Math.ceil(Date.now() / 3_600_000) * 3_600_000;
    expect(Math.abs(held.nextAttemptAt.getTime() - nextHour)).toBeLessThan(5_000);
    expect(await database.prisma.outboxMessage.findUniqueOrThrow({ where: { id: other.id } })).toMatchObject({ status: "SENT" });
  });
});
