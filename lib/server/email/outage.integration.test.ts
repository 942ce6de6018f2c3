import { describe, expect, it, vi } from "vitest";
import { parseSettings, settings } from "@/lib/server/config/settings.ts";
import { databaseForThisFile } from "@/lib/server/db/test-database-hooks.ts";
import { submitIntake } from "@/lib/server/tickets/intake.ts";
import { outboxWorkerSettings } from "./settings.ts";
import { createTestSmtpServer, freePort } from "./test-smtp-server.ts";
import { smtpSender } from "./transport.ts";
import { messageIdFor, startOutboxWorker } from "./worker.ts";

vi.stubEnv("NEXTAUTH_SECRET", "email-outage-test-secret");
vi.stubEnv("APP_BASE_URL", "https://support.example.test");
vi.stubEnv("MAIL_FROM", "help@mail.example.test");

const workerSettings = { ...outboxWorkerSettings(parseSettings({})), pollIntervalMs: 50, retryBaseDelayMs: 100, maxRetryDelayMs: 400, leaseMs: 1_500 };
const database = databaseForThisFile({ freshRateLimits: true });


let clientCounter = 0;
async function fileTicket(contactEmail: string) {
  clientCounter += 1;
  const result = await submitIntake(
    {
      body: {
        category: "EMAIL",
        contactEmail,
        language: "en",
        description: "The password reset mail never arrives.",
        details: { mailType: "PASSWORD_RESET", checkedSpam: true },
      },
      channel: "api",
      clientAddress: `198.51.100.${clientCounter}`,
    },
    database.prisma,
  );
  if (result.kind === "invalid") throw new Error(JSON.stringify(result.issues));
  return result;
}

async function outboxRow(ticketId: string) {
  return database.prisma.outboxMessage.findFirstOrThrow({ where: { ticketId } });
}

async function until(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function workerFor(url: string) {
  const sender = smtpSender(url);
  const worker = startOutboxWorker({ db: database.prisma, sender, from: settings().MAIL_FROM, settings: workerSettings });
  return {
    async stop() {
      await worker.stop();
      sender.close();
    },
  };
}

describe("with the mail server down", () => {
  it("intake still succeeds at once; the mail goes out once the server is back, exactly once across a worker restart", async () => {
    const smtp = await createTestSmtpServer();
    const firstWorker = workerFor(smtp.url);
    try {
      const started = performance.now();
      const filed = await fileTicket("outage@example.com");
      // Intake only inserts the row; the dead server is never on its path.
      expect(performance.now() - started).toBeLessThan(3_000);
      expect(filed.kind).toBe("created");

      // The worker keeps trying and backs off; the message stays pending with the reason.
      await until(async () => (await outboxRow(filed.ticketId)).attempts >= 2);
      const waiting = await outboxRow(filed.ticketId);
      expect(waiting).toMatchObject({ status: "PENDING", sentAt: null });
      expect(waiting.lastError).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
      expect(waiting.nextAttemptAt.getTime()).toBeGreaterThan(waiting.createdAt.getTime());

      await firstWorker.stop();
      await smtp.start();
      const secondWorker = workerFor(smtp.url);
      try {
        const [mail] = await smtp.waitForMessages(1);
        expect(mail!.subject).toBe(`[${filed.answer.reference}] We received your request`);
        expect(mail!.messageId).toBe(messageIdFor(waiting.id, settings().MAIL_FROM));
        // Several more polls: nothing goes out twice.
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(smtp.received).toHaveLength(1);
        const sent = await outboxRow(filed.ticketId);
        expect(sent).toMatchObject({ status: "SENT", lockedUntil: null, lastError: null });
        expect(sent.attempts).toBeGreaterThan(waiting.attempts);
      } finally {
        await secondWorker.stop();
      }
    } finally {
      await firstWorker.stop();
      await smtp.stop();
    }
  });
});

describe("worker restarts", () => {
  it("a worker stopped in the middle of a send finishes it; the next worker does not send it again", async () => {
    const smtp = await createTestSmtpServer({ acceptDelayMs: 700 });
    await smtp.start();
    try {
      const filed = await fileTicket("restart@example.com");
      const firstWorker = workerFor(smtp.url);
      await until(async () => smtp.dataStarted === 1);
      expect(smtp.received).toHaveLength(0);
      await firstWorker.stop();
      expect(smtp.received).toHaveLength(1);
      expect(await outboxRow(filed.ticketId)).toMatchObject({ status: "SENT", attempts: 1 });

      const secondWorker = workerFor(smtp.url);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await secondWorker.stop();
      expect(smtp.received).toHaveLength(1);
      expect(smtp.dataStarted).toBe(1);
    } finally {
      await smtp.stop();
    }
  });

  it("a message leased by a worker that died is taken over when the lease runs out, and sent once", async () => {
    const smtp = await createTestSmtpServer();
    await smtp.start();
    try {
      const filed = await fileTicket("crash@example.com");
      // What a worker that leased the row and then crashed leaves behind.
      const leaseEnds = new Date(Date.now() + 1_000);
      await database.prisma.outboxMessage.updateMany({ where: { ticketId: filed.ticketId }, data: { lockedUntil: leaseEnds, attempts: 1 } });

      const worker = workerFor(smtp.url);
      try {
        await new Promise((resolve) => setTimeout(resolve, 400));
        expect(smtp.received).toHaveLength(0);
        await smtp.waitForMessages(1);
        expect(Date.now()).toBeGreaterThanOrEqual(leaseEnds.getTime() - 50);
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(smtp.received).toHaveLength(1);
        expect(await outboxRow(filed.ticketId)).toMatchObject({ status: "SENT", attempts: 2 });
      } finally {
        await worker.stop();
      }
    } finally {
      await smtp.stop();
    }
  });

  it("gives up after the configured number of attempts and leaves the message FAILED", async () => {
    const filed = await fileTicket("never@example.com");
    // Nothing listens there: every attempt is refused.
    const sender = smtpSender(`smtp://127.0.0.1:${await freePort()}`);
    const worker = startOutboxWorker({
      db: database.prisma,
      sender,
      from: settings().MAIL_FROM,
      settings: { ...workerSettings, retryBaseDelayMs: 50, maxRetryDelayMs: 50, maxAttempts: 3 },
    });
    try {
      await until(async () => (await outboxRow(filed.ticketId)).status === "FAILED");
      expect(await outboxRow(filed.ticketId)).toMatchObject({ status: "FAILED", attempts: 3, sentAt: null });
    } finally {
      await worker.stop();
      sender.close();
    }
  });
});
