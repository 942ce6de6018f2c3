import "server-only";
import { settings, type Settings } from "@/lib/server/config/settings.ts";
import { ensureFirstAdmin } from "@/lib/server/seed/first-admin.ts";
import { seedDemoData } from "@/lib/server/seed/demo-data.ts";
import { seedSelfHelpContent } from "@/lib/server/seed/self-help-flows.ts";
import type { Database } from "./client.ts";
import { describeDatabaseTarget } from "./database-target.ts";
import { applyMigrations } from "./migrate.ts";

/** Demo data goes into the embedded database by default, never into a real server unless asked. */
export function shouldSeedDemoData(database: Database, config: Settings): boolean {
  return config.SEED_DEMO_DATA ?? database.target.kind === "embedded";
}

/** Runs at every start: pending migrations, the self-help content, the first admin, demo data on a fresh demo. */
export async function prepareDatabase(
  database: Database,
  config: Settings = settings(),
  log: (line: string) => void = (line) => console.log(line),
): Promise<void> {
  const applied = await applyMigrations(database);
  log(
    applied.length
      ? `[db] ${describeDatabaseTarget(database.target)}: applied ${applied.join(", ")}`
      : `[db] ${describeDatabaseTarget(database.target)}: schema up to date`,
  );
  const seeded = await seedSelfHelpContent(database.prisma);
  if (seeded.length) log(`[db] loaded the self-help flows of ${seeded.join(", ")}`);
  await ensureFirstAdmin(database.prisma, { config, embedded: database.target.kind === "embedded", log });
  if (shouldSeedDemoData(database, config)) await seedDemoData(database.prisma, { config, log });
}
