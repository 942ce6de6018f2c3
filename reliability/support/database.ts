// A migrated database on the private cluster, opened in the test process for scenarios that
// drive the data-access functions directly (concurrency, fuzzing the server actions).
import { openDatabase, type Database } from "@/lib/server/db/client.ts";
import { applyMigrations } from "@/lib/server/db/migrate.ts";
import { inject } from "vitest";
import { createClusterDatabase } from "./postgres-cluster.ts";

export async function openClusterDatabase(name: string, poolSize = 25): Promise<Database & { url: string }> {
  const url = await createClusterDatabase(inject("reliabilityCluster"), name);
  const database = openDatabase({ kind: "postgres", url }, { poolSize });
  await applyMigrations(database);
  return { ...database, url };
}
