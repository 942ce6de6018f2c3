import { closeDatabase, database } from "./db/client.ts";
import { prepareDatabase } from "./db/prepare.ts";

/** What every server process does before serving: bring the database up to date. */
export async function startServerProcess(): Promise<void> {
  await prepareDatabase(database());
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      // Close PGlite cleanly so the data folder is consistent; pg pools just drain.
      void closeDatabase().finally(() => process.exit(0));
    });
  }
}
