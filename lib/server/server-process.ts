import "server-only";
import { startUploadSweeper } from "./attachments/sweep.ts";
import { database } from "./db/client.ts";
import { prepareDatabase } from "./db/prepare.ts";
import { startProcessOutboxWorker } from "./email/process-worker.ts";
import { startAbandonedSessionSweeper } from "./self-help/sessions.ts";
import { startIdempotencyKeySweeper } from "./tickets/idempotency-sweep.ts";

/**
 * What every server process does before serving: bring the database up to date, then start the
 * background sweeps of abandoned uploads, idle self-help sessions and expired idempotency keys,
 * and the email outbox worker.
 */
export async function startServerProcess(): Promise<void> {
  await prepareDatabase(database());
  startUploadSweeper();
  startAbandonedSessionSweeper();
  startIdempotencyKeySweeper();
  startProcessOutboxWorker();
}
