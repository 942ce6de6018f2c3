import { startUploadSweeper } from "./attachments/sweep.ts";
import { database } from "./db/client.ts";
import { prepareDatabase } from "./db/prepare.ts";
import { startAbandonedSessionSweeper } from "./self-help/sessions.ts";

/**
 * What every server process does before serving: bring the database up to date, then start the
 * background sweeps of abandoned uploads and idle self-help sessions.
 */
export async function startServerProcess(): Promise<void> {
  await prepareDatabase(database());
  startUploadSweeper();
  startAbandonedSessionSweeper();
}
