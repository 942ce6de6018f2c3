import "server-only";
import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/generated/prisma/client.ts";
import { settings } from "@/lib/server/config/settings.ts";
import { resolveDatabaseTarget, type DatabaseTarget } from "./database-target.ts";

export type Database = {
  target: DatabaseTarget;
  prisma: PrismaClient;
  /** Present on the embedded database: the one PGlite instance this process may open. */
  pglite?: PGlite;
  /** Present on a PostgreSQL server: the pool the Prisma adapter uses. */
  pool?: pg.Pool;
  close(): Promise<void>;
};

// Next.js bundles instrumentation and each route separately; a process-wide slot keeps them on
// one connection pool and, for PGlite, on the single instance allowed per data directory.
const SLOT = Symbol.for("supportgate.database");
type GlobalWithDatabase = typeof globalThis & { [SLOT]?: Database };

/** `poolSize` applies to a PostgreSQL server: connections this process may hold. */
export function openDatabase(
  target: DatabaseTarget = resolveDatabaseTarget(),
  { poolSize = settings().DATABASE_POOL_SIZE }: { poolSize?: number } = {},
): Database {
  if (target.kind === "embedded") {
    fs.mkdirSync(target.directory, { recursive: true });
    const pglite = new PGlite(target.directory, { extensions: { pg_trgm } });
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    return {
      target,
      prisma,
      pglite,
      async close() {
        await prisma.$disconnect();
        // $disconnect leaves PGlite open and the process would hang on exit.
        if (!pglite.closed) await pglite.close();
      },
    };
  }
  const pool = new pg.Pool({
    connectionString: target.url,
    max: poolSize,
    // Fail fast while the server is down so callers can answer 503 instead of hanging.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client whose server went away emits 'error'; without a listener that kills the process.
  pool.on("error", (error) => console.error("[db] idle connection lost:", error.message));
  // So does a client checked out by Prisma when the server goes away between its queries (e.g. a
  // restart sending 57P01): the pool's listener is off then and Prisma's is gone after the
  // transaction. The query that needed the connection reports the error; this only keeps the
  // event from being uncaught.
  pool.on("connect", (client) => client.on("error", (error) => console.error("[db] connection lost:", error.message)));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    target,
    prisma,
    pool,
    async close() {
      await prisma.$disconnect();
      await pool.end().catch(() => undefined);
    },
  };
}

/** The process-wide database, opened on first use. */
export function database(): Database {
  const slot = globalThis as GlobalWithDatabase;
  slot[SLOT] ??= openDatabase();
  return slot[SLOT];
}

export function prisma(): PrismaClient {
  return database().prisma;
}

export async function closeDatabase(): Promise<void> {
  const slot = globalThis as GlobalWithDatabase;
  const open = slot[SLOT];
  slot[SLOT] = undefined;
  await open?.close();
}
