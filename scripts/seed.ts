// `npm run db:seed`: migrate, create the first admin and load demo data (once) into this database.
import { settings } from "@/lib/server/config/settings.ts";
import { openDatabase } from "@/lib/server/db/client.ts";
import { prepareDatabase } from "@/lib/server/db/prepare.ts";

const config = settings();
const database = openDatabase();
try {
  await prepareDatabase(database, { ...config, SEED_DEMO_DATA: config.SEED_DEMO_DATA ?? true });
} finally {
  await database.close();
}
