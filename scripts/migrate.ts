// `npm run db:migrate`: apply pending migrations to DATABASE_URL, or to the embedded database.
import { openDatabase } from "@/lib/server/db/client.ts";
import { describeDatabaseTarget } from "@/lib/server/db/database-target.ts";
import { applyMigrations } from "@/lib/server/db/migrate.ts";

const database = openDatabase();
try {
  const applied = await applyMigrations(database);
  console.log(
    `${describeDatabaseTarget(database.target)}: ${applied.length ? `applied ${applied.join(", ")}` : "already up to date"}`,
  );
} finally {
  await database.close();
}
