import { ensureFirstAdmin } from "@/lib/server/seed/first-admin.ts";
import { seedDemoData } from "@/lib/server/seed/demo-data.ts";
import type { Database } from "./client.ts";
import { describeDatabaseTarget } from "./database-target.ts";
import { applyMigrations } from "./migrate.ts";
import type { Environment } from "@/lib/server/config/environment.ts";

/** Demo data goes into the embedded database by default, never into a real server unless asked. */
export function shouldSeedDemoData(database: Database, env: Environment): boolean {
  if (env.SEED_DEMO_DATA === "true") return true;
  if (env.SEED_DEMO_DATA === "false") return false;
  return database.target.kind === "embedded";
}

/** Runs at every start: pending migrations, the first admin, demo data on a fresh demo. */
export async function prepareDatabase(
  database: Database,
  env: Environment = process.env,
  log: (line: string) => void = (line) => console.log(line),
): Promise<void> {
  const applied = await applyMigrations(database);
  log(
    applied.length
      ? `[db] ${describeDatabaseTarget(database.target)}: applied ${applied.join(", ")}`
      : `[db] ${describeDatabaseTarget(database.target)}: schema up to date`,
  );
  await ensureFirstAdmin(database.prisma, { env, embedded: database.target.kind === "embedded", log });
  if (shouldSeedDemoData(database, env)) await seedDemoData(database.prisma, { env, log });
}
