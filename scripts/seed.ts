// `npm run db:seed`: migrate, create the first admin and load demo data (once) into this database.
import { openDatabase } from "@/lib/server/db/client.ts";
import { prepareDatabase } from "@/lib/server/db/prepare.ts";

const database = openDatabase();
try {
  await prepareDatabase(database, { ...process.env, SEED_DEMO_DATA: process.env.SEED_DEMO_DATA ?? "true" });
} finally {
  await database.close();
}
