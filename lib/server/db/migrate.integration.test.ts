import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { applyMigrations, readMigrationFiles } from "./migrate.ts";
import { createTestDatabase, type TestDatabase } from "./test-database.ts";

const EXPECTED_TABLES = [
  "agent_sessions", "attachments", "audit_events", "canned_responses", "idempotency_keys", "messages", "outbox_messages",
  "password_resets", "rate_limit_buckets", "recovery_codes", "second_factors", "security_policy", "self_help_content_answers",
  "self_help_content_steps", "self_help_flows", "self_help_revisions", "self_help_sessions", "self_help_steps", "sla_targets",
  "ticket_presences", "tickets", "users", "webauthn_challenges",
];

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.drop();
  database = undefined;
});

async function tableNames(db: TestDatabase): Promise<string[]> {
  const rows = await db.prisma.$queryRawUnsafe<{ table_name: string }[]>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
  );
  return rows.map((row) => row.table_name);
}

describe("applyMigrations", () => {
  it("builds the whole schema on an empty database and records Prisma's bookkeeping", async () => {
    database = await createTestDatabase({ migrate: false });
    expect(await tableNames(database)).toEqual([]);

    const files = readMigrationFiles();
    const applied = await applyMigrations(database);

    expect(applied).toEqual(files.map((file) => file.name));
    expect(await tableNames(database)).toEqual(["_prisma_migrations", ...EXPECTED_TABLES]);
    const rows = await database.prisma.$queryRawUnsafe<{ migration_name: string; checksum: string; finished_at: Date | null }[]>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((row) => row.migration_name)).toEqual(applied);
    for (const [index, row] of rows.entries()) {
      expect(row.finished_at).not.toBeNull();
      expect(row.checksum).toBe(createHash("sha256").update(files[index]!.sql).digest("hex"));
    }
    const targets = await database.prisma.slaTarget.findMany({ orderBy: { firstResponseMinutes: "asc" } });
    expect(targets.map((target) => [target.priority, target.firstResponseMinutes])).toEqual([
      ["URGENT", 60], ["HIGH", 240], ["NORMAL", 1440], ["LOW", 4320],
    ]);
  });

  it("is idempotent on a migrated database", async () => {
    database = await createTestDatabase();
    await database.prisma.user.create({ data: { email: "keep@example.com", name: "Keep", passwordHash: "x" } });

    expect(await applyMigrations(database)).toEqual([]);
    expect(await applyMigrations(database)).toEqual([]);

    const [row] = await database.prisma.$queryRawUnsafe<{ count: bigint }[]>(
      `SELECT count(*) AS count FROM "_prisma_migrations"`,
    );
    expect(Number(row?.count)).toBe(readMigrationFiles().length);
    expect(await database.prisma.user.count()).toBe(1);
  });

  it("rolls a failing migration back completely and applies it once it is fixed", async () => {
    database = await createTestDatabase();
    const broken = {
      name: "99990101000000_broken",
      sql: `CREATE TABLE "half_done" (id int); SELECT no_such_function();`,
      checksum: "0".repeat(64),
    };
    await expect(applyMigrations(database, [...readMigrationFiles(), broken])).rejects.toThrow(/99990101000000_broken failed/);

    expect(await tableNames(database)).not.toContain("half_done");
    const recorded = await database.prisma.$queryRawUnsafe<unknown[]>(
      `SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '99990101000000_broken'`,
    );
    expect(recorded).toHaveLength(0);

    const fixed = { ...broken, sql: `CREATE TABLE "half_done" (id int);` };
    expect(await applyMigrations(database, [...readMigrationFiles(), fixed])).toEqual([fixed.name]);
    expect(await tableNames(database)).toContain("half_done");
  });

  it("refuses to continue past a migration that failed outside this runner", async () => {
    database = await createTestDatabase();
    await database.prisma.$executeRawUnsafe(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ('x', 'y', '99990101000000_cli_failed', now())`,
    );
    await expect(applyMigrations(database)).rejects.toThrow(/99990101000000_cli_failed failed earlier/);
  });
});
