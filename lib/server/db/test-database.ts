import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { e2eServerUrl } from "@/e2e/fixtures/database-url.ts";
import { settings } from "@/lib/server/config/settings.ts";
import { openDatabase, type Database } from "./client.ts";
import { seedSelfHelpContent } from "@/lib/server/seed/self-help-flows.ts";
import { applyMigrations } from "./migrate.ts";

export type TestDatabase = Database & { drop(): Promise<void> };

/**
 * A fresh, empty database for one test file: a new database on the server in DATABASE_URL
 * when it is set, otherwise a new embedded PGlite in a temporary folder. `onServer` asks for a
 * PostgreSQL server whatever the mode, for behaviour only a server has (lost connections).
 */
export async function createTestDatabase(options: { migrate?: boolean; onServer?: boolean } = {}): Promise<TestDatabase> {
  // Without DATABASE_URL, `onServer` takes the server the browser tests use (E2E_POSTGRES_URL, or
  // the local one `npm test` makes sure of with scripts/ensure-postgres.sh).
  const serverUrl = settings().DATABASE_URL ?? (options.onServer ? e2eServerUrl() : undefined);
  let database: Database;
  let dropStorage: () => Promise<void>;
  if (serverUrl) {
    const name = `sg_test_${randomBytes(6).toString("hex")}`;
    await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    database = openDatabase({ kind: "postgres", url: url.toString() });
    dropStorage = async () => {
      await withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    };
  } else {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "sg-test-pglite-"));
    database = openDatabase({ kind: "embedded", directory });
    dropStorage = async () => fs.rmSync(directory, { recursive: true, force: true });
  }
  // Migrated as the app starts: with the self-help flows every category needs.
  if (options.migrate !== false) {
    await applyMigrations(database);
    await seedSelfHelpContent(database.prisma);
  }
  return {
    ...database,
    async drop() {
      await database.close();
      await dropStorage();
    },
  };
}

async function withAdminClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
