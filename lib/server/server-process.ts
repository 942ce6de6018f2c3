import "server-only";
import { startUploadSweeper } from "./attachments/sweep.ts";
import { database } from "./db/client.ts";
import { prepareDatabase } from "./db/prepare.ts";
import { startProcessOutboxWorker } from "./email/process-worker.ts";
import { startAbandonedSessionSweeper } from "./self-help/sessions.ts";

/**
 * What every server process does before serving: bring the database up to date, then start the
 * background sweeps of abandoned uploads and idle self-help sessions, and the email outbox worker.
 */
export async function startServerProcess(): Promise<void> {
  await prepareDatabase(database());
  startUploadSweeper();
  startAbandonedSessionSweeper();
  startProcessOutboxWorker();
}
