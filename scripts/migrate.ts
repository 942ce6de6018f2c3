// `npm run db:migrate`: apply pending migrations to DATABASE_URL, or to the embedded database, and
// load the self-help flows into a database that has none (the app cannot serve self-help without).
import { openDatabase } from "@/lib/server/db/client.ts";
import { describeDatabaseTarget } from "@/lib/server/db/database-target.ts";
import { applyMigrations } from "@/lib/server/db/migrate.ts";
import { seedSelfHelpContent } from "@/lib/server/seed/self-help-flows.ts";

const database = openDatabase();
try {
  const applied = await applyMigrations(database);
  const seeded = await seedSelfHelpContent(database.prisma);
  if (seeded.length) console.log(`loaded the self-help flows of ${seeded.join(", ")}`);
  console.log(
    `${describeDatabaseTarget(database.target)}: ${applied.length ? `applied ${applied.join(", ")}` : "already up to date"}`,
  );
} finally {
  await database.close();
}
