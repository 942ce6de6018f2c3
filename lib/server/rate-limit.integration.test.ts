import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors.ts";
import { createTestDatabase, type TestDatabase } from "@/lib/server/db/test-database.ts";
import { consumeRateLimit, consumeRateLimits, enforceRateLimits } from "./rate-limit.ts";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

const rule = { name: "test:client", limit: 3, windowSeconds: 60 };

describe("rate limits", () => {
  it("allow up to the limit per window, then refuse with the time left", async () => {
    const now = new Date("2026-11-22T10:00:10Z");
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await consumeRateLimit(rule, "198.51.100.1", database.prisma, now));
    expect(results.map((result) => result.allowed)).toEqual([true, true, true, false, false]);
    expect(results[4]!.retryAfterSeconds).toBe(50);
    // another subject and the next window start fresh
    expect((await consumeRateLimit(rule, "198.51.100.2", database.prisma, now)).allowed).toBe(true);
    expect((await consumeRateLimit(rule, "198.51.100.1", database.prisma, new Date("2026-11-22T10:01:00Z"))).allowed).toBe(true);
  });

  it("count concurrent hits exactly (one atomic upsert each)", async () => {
    const now = new Date("2026-11-22T11:00:00Z");
    const results = await Promise.all(
      Array.from({ length: 20 }, () => consumeRateLimit({ ...rule, limit: 7 }, "burst", database.prisma, now)),
    );
    expect(results.filter((result) => result.allowed)).toHaveLength(7);
    expect(results.map((result) => result.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it("throw RATE_LIMITED when any of several limits is exceeded", async () => {
    const perEmail = { name: "test:email", limit: 1, windowSeconds: 3600 };
    await enforceRateLimits([[rule, "203.0.113.1"], [perEmail, "A@Example.com"]], database.prisma);
    const error = await enforceRateLimits([[rule, "203.0.113.2"], [perEmail, "a@example.com"]], database.prisma).catch((e) => e);
    expect(isAppError(error) && error.code).toBe("RATE_LIMITED");
    expect(error.params.retryAfterSeconds).toBeGreaterThan(60);
  });

  it("count several buckets in one statement, a pair given twice counting twice", async () => {
    const now = new Date("2026-11-22T12:00:00Z");
    const perEmail = { name: "test:email", limit: 2, windowSeconds: 3600 };
    const results = await consumeRateLimits(
      [
        [rule, "192.0.2.7"],
        [perEmail, "B@example.com"],
        [perEmail, "b@example.com"],
      ],
      database.prisma,
      now,
    );
    expect(results.map((result) => result.count)).toEqual([1, 2, 2]);
    expect(results.map((result) => result.allowed)).toEqual([true, true, true]);
    expect((await consumeRateLimit(perEmail, "b@EXAMPLE.com", database.prisma, now)).allowed).toBe(false);
    expect((await consumeRateLimit(rule, "192.0.2.7", database.prisma, now)).count).toBe(2);
  });
});
