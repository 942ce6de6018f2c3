import { startUploadSweeper } from "./attachments/sweep.ts";
import { database } from "./db/client.ts";
import { prepareDatabase } from "./db/prepare.ts";
import { startProcessOutboxWorker } from "./email/process-worker.ts";

/**
 * What every server process does before serving: bring the database up to date, then start the
 * background sweep of abandoned uploads and the email outbox worker.
 */
export async function startServerProcess(): Promise<void> {
  await prepareDatabase(database());
  startUploadSweeper();
  startProcessOutboxWorker();
}
