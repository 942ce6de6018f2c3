import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/server/db/test-database.ts";
import { sweepExpiredIdempotencyKeys } from "./idempotency-sweep.ts";
import { submitIntake } from "./intake.ts";

vi.stubEnv("NEXTAUTH_SECRET", "idempotency-sweep-test-secret");

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

const HOUR = 3_600_000;

async function fileWithKey(key: string, at: Date) {
  const result = await submitIntake(
    {
      body: {
        category: "EMAIL",
        contactEmail: `${key}@example.com`,
        language: "en",
        description: "The verification mail never arrives.",
        details: { mailType: "SIGNUP_VERIFICATION", checkedSpam: true },
      },
      channel: "web",
      clientAddress: "192.0.2.30",
      idempotencyKey: key,
    },
    database.prisma,
    at,
  );
  if (result.kind !== "created") throw new Error(JSON.stringify(result));
  return result.ticketId;
}

describe("idempotency key sweep", () => {
  it("deletes keys whose 24 hours are over, in batches, and keeps the fresh ones and every ticket", async () => {
    const now = new Date();
    const old = await Promise.all(Array.from({ length: 3 }, (_, index) => fileWithKey(`old-${index}`, new Date(now.getTime() - 25 * HOUR))));
    const fresh = await fileWithKey("fresh", new Date(now.getTime() - 23 * HOUR));
    // a crowd of expired keys without tickets, more than one batch
    await database.prisma.idempotencyKey.createMany({
      data: Array.from({ length: 2500 }, (_, index) => ({
        key: `intake:api:bulk-${index}`,
        requestHash: "x",
        responseStatus: 0,
        responseBody: {},
        expiresAt: new Date(now.getTime() - HOUR),
      })),
    });

    expect(await sweepExpiredIdempotencyKeys({ now, db: database.prisma })).toBe(2503);
    expect((await database.prisma.idempotencyKey.findMany({ select: { key: true } })).map((row) => row.key)).toEqual(["intake:web:fresh"]);
    expect(await database.prisma.ticket.count({ where: { id: { in: [...old, fresh] } } })).toBe(4);
    expect(await sweepExpiredIdempotencyKeys({ now, db: database.prisma })).toBe(0);
  });
});
