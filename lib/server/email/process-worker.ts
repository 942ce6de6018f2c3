import "server-only";
import { settings } from "@/lib/server/config/settings.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { outboxWorkerSettings } from "./settings.ts";
import { smtpSender } from "./transport.ts";
import { startOutboxWorker, type OutboxWorker } from "./worker.ts";

// Next.js bundles instrumentation apart from scripts/start.ts; a process-wide slot lets the
// shutdown code find the worker the server started.
const WORKER = Symbol.for("supportgate.outboxWorker");
type GlobalWithWorker = typeof globalThis & { [WORKER]?: OutboxWorker };

/**
 * Starts this process's outbox worker when SMTP_URL is set. Without it (the embedded demo) mail is
 * only queued: admins read it on the Outbox page, and it is sent once a server is configured.
 */
export function startProcessOutboxWorker(): void {
  const slot = globalThis as GlobalWithWorker;
  if (slot[WORKER]) return;
  const { SMTP_URL, MAIL_FROM } = settings();
  if (!SMTP_URL) {
    console.log("[email] SMTP_URL is not set: mail is kept in the outbox (Admin → Outbox), not sent.");
    return;
  }
  const sender = smtpSender(SMTP_URL);
  const worker = startOutboxWorker({ db: prisma(), sender, from: MAIL_FROM, settings: outboxWorkerSettings() });
  slot[WORKER] = {
    async stop() {
      await worker.stop();
      sender.close();
    },
  };
}

/** For shutdown, before the database closes: lets the message in flight finish. */
export async function stopProcessOutboxWorker(): Promise<void> {
  const slot = globalThis as GlobalWithWorker;
  const worker = slot[WORKER];
  slot[WORKER] = undefined;
  await worker?.stop();
}
