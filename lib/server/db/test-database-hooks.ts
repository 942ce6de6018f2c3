import { afterAll, beforeAll, beforeEach } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client.ts";
import { createTestDatabase, type TestDatabase } from "./test-database.ts";

type Options = {
  migrate?: boolean;
  onServer?: boolean;
  /** every test starts without rate-limit history, so limits only bite where a test means them to */
  freshRateLimits?: boolean;
};

/**
 * The test file's own database: created before its first test, dropped after its last. Read
 * `.prisma` (or `.current`) inside tests and hooks, once it exists.
 */
export function databaseForThisFile(options: Options = {}): { readonly prisma: PrismaClient; readonly current: TestDatabase } {
  let database: TestDatabase | undefined;
  const current = () => {
    if (!database) throw new Error("the test database is created in beforeAll; use it inside tests and hooks");
    return database;
  };
  beforeAll(async () => {
    database = await createTestDatabase({ migrate: options.migrate, onServer: options.onServer });
  });
  afterAll(async () => {
    await database?.drop();
  });
  if (options.freshRateLimits) {
    beforeEach(async () => {
      await current().prisma.rateLimitBucket.deleteMany();
    });
  }
  return {
    get prisma() {
      return current().prisma;
    },
    get current() {
      return current();
    },
  };
}
