import "server-only";
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { Database } from "./client.ts";

/**
 * Applies prisma/migrations without Prisma's native schema engine, which cannot be downloaded
 * offline. It keeps Prisma's own bookkeeping (the _prisma_migrations table, sha256 checksums and
 * advisory lock key), so the Prisma CLI sees a database migrated here as up to date.
 */

// Prisma Migrate's advisory lock key: the CLI and this runner never migrate at the same time.
const PRISMA_ADVISORY_LOCK_KEY = 72707369;

export const DEFAULT_MIGRATIONS_DIR = path.join(/*turbopackIgnore: true*/ process.cwd(), "prisma", "migrations");

type SqlSession = {
  query<Row>(sql: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  /** Runs a script of several statements. */
  exec(sql: string): Promise<void>;
};

type MigrationFile = { name: string; sql: string; checksum: string };

type AppliedRow = {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
};

export function readMigrationFiles(directory = DEFAULT_MIGRATIONS_DIR): MigrationFile[] {
  return fs
    .readdirSync(/*turbopackIgnore: true*/ directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(directory, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(directory, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

async function migrateSession(session: SqlSession, migrations: MigrationFile[]): Promise<string[]> {
  await session.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
  )`);
  const { rows } = await session.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`,
  );
  const failed = rows.find((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed) {
    throw new Error(
      `Migration ${failed.migration_name} failed earlier and was not resolved; fix the database, then mark it with ` +
        `"prisma migrate resolve" before starting again.`,
    );
  }
  const applied = new Map(rows.filter((row) => row.finished_at).map((row) => [row.migration_name, row]));
  const newlyApplied: string[] = [];
  for (const migration of migrations) {
    const previous = applied.get(migration.name);
    if (previous) {
      if (previous.checksum !== migration.checksum) {
        // Prisma only warns here too: an edited, already-applied migration is not re-run.
        console.warn(`[migrate] ${migration.name} was edited after it was applied; it is not applied again.`);
      }
      continue;
    }
    const id = randomUUID();
    // Each migration runs in one transaction: a failure leaves nothing half-applied, so the
    // next start simply tries again.
    await session.exec("BEGIN");
    try {
      await session.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), 0)`,
        [id, migration.checksum, migration.name],
      );
      await session.exec(migration.sql);
      await session.query(
        `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
        [id],
      );
      await session.exec("COMMIT");
    } catch (error) {
      await session.exec("ROLLBACK").catch(() => undefined);
      throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
    }
    newlyApplied.push(migration.name);
  }
  return newlyApplied;
}

function pgliteSession(pglite: PGlite): SqlSession {
  return {
    async query<Row>(sql: string, params?: unknown[]) {
      const result = await pglite.query<Row>(sql, params);
      return { rows: result.rows };
    },
    async exec(sql: string) {
      await pglite.exec(sql);
    },
  };
}

function pgSession(client: pg.Client): SqlSession {
  return {
    async query<Row>(sql: string, params?: unknown[]) {
      const result = await client.query(sql, params);
      return { rows: result.rows as Row[] };
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

/** Applies every pending migration; returns the names of those applied now. */
export async function applyMigrations(
  database: Database,
  migrations: MigrationFile[] = readMigrationFiles(),
): Promise<string[]> {
  if (database.pglite) {
    // PGlite is one session in this process; nothing else can migrate it concurrently.
    return migrateSession(pgliteSession(database.pglite), migrations);
  }
  if (database.target.kind !== "postgres") throw new Error("unreachable: embedded database without PGlite");
  // The advisory lock belongs to a session, so take it on a dedicated connection, not the pool.
  const client = new pg.Client({ connectionString: database.target.url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK_KEY]);
    try {
      return await migrateSession(pgSession(client), migrations);
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}
