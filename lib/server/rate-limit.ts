import "server-only";
import { Prisma, type PrismaClient } from "@/generated/prisma/client.ts";
import { AppError } from "@/lib/errors.ts";
import { settings } from "@/lib/server/config/settings.ts";
import { prisma } from "@/lib/server/db/client.ts";

export type RateLimitRule = {
  /** e.g. "intake:client"; part of the stored key */
  name: string;
  limit: number;
  windowSeconds: number;
};

export type RateLimitResult = { allowed: boolean; count: number; retryAfterSeconds: number };

/** RATE_LIMIT_SCALE multiplies every limit (e.g. for load benchmarks). */
export function scaledLimit(rule: RateLimitRule): number {
  return Math.max(1, Math.floor(rule.limit * settings().RATE_LIMIT_SCALE));
}

/** Whole seconds, at least one, until a window ends: what Retry-After says. */
function secondsUntil(end: Date, now: Date): number {
  return Math.max(1, Math.ceil((end.getTime() - now.getTime()) / 1000));
}

function bucketFor(rule: RateLimitRule, subject: string, now: Date) {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  return { key: `${rule.name}:${subject.toLowerCase()}`, windowStart, expiresAt: new Date(windowStart.getTime() + windowMs) };
}

/**
 * Counts one hit for `subject` under `rule` in a fixed window stored in PostgreSQL, so the limit
 * holds across every app instance on the database. The increment is a single atomic upsert.
 */
export async function consumeRateLimit(
  rule: RateLimitRule,
  subject: string,
  db: PrismaClient = prisma(),
  now: Date = new Date(),
): Promise<RateLimitResult> {
  const [result] = await consumeRateLimits([[rule, subject]], db, now);
  return result!;
}

/**
 * Counts one hit for each (rule, subject) pair with one statement (a multi-row upsert), so a
 * request with several limits pays one round trip. Rows are written in key order, so concurrent
 * callers lock shared buckets in the same order; a pair given twice counts twice.
 */
export async function consumeRateLimits(
  checks: ReadonlyArray<readonly [RateLimitRule, string]>,
  db: PrismaClient = prisma(),
  now: Date = new Date(),
): Promise<RateLimitResult[]> {
  const buckets = checks.map(([rule, subject]) => ({ rule, ...bucketFor(rule, subject, now) }));
  const hitsByKey = new Map<string, number>();
  for (const bucket of buckets) hitsByKey.set(bucket.key, (hitsByKey.get(bucket.key) ?? 0) + 1);
  const rows = [...new Map(buckets.map((bucket) => [bucket.key, bucket])).values()]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((bucket) => Prisma.sql`(${bucket.key}, ${bucket.windowStart}, ${hitsByKey.get(bucket.key)!}, ${bucket.expiresAt})`);
  const counted = await db.$queryRaw<{ key: string; count: number }[]>`
    INSERT INTO rate_limit_buckets (key, window_start, count, expires_at)
    VALUES ${Prisma.join(rows)}
    ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_buckets.count + EXCLUDED.count
    RETURNING key, count`;
  const countByKey = new Map(counted.map((row) => [row.key, Number(row.count)]));
  // Expired windows are swept now and then by whoever happens to pass by.
  if (Math.random() < 0.01) {
    await db.$executeRaw`DELETE FROM rate_limit_buckets WHERE expires_at < ${now}`.catch(() => undefined);
  }
  return buckets.map((bucket) => {
    const count = countByKey.get(bucket.key) ?? 1;
    return {
      allowed: count <= scaledLimit(bucket.rule),
      count,
      retryAfterSeconds: secondsUntil(bucket.expiresAt, now),
    };
  });
}

/**
 * For a limit that counts only what a statement actually writes (e.g. accepted tickets, not
 * refused requests): a data-modifying WITH item that takes one slot of `rule` for `subject` while
 * it is under the limit and returns a row when it did. The bucket row is locked and re-read, so
 * concurrent statements cannot both take the last slot, and a statement or transaction that
 * fails or rolls back gives its slot back.
 */
export function takeSlotSql(rule: RateLimitRule, subject: string, now: Date): { sql: Prisma.Sql; retryAfterSeconds: number } {
  const { key, windowStart, expiresAt } = bucketFor(rule, subject, now);
  return {
    sql: Prisma.sql`
      INSERT INTO rate_limit_buckets (key, window_start, count, expires_at)
      VALUES (${key}, ${windowStart}, 1, ${expiresAt})
      ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_buckets.count + 1
      WHERE rate_limit_buckets.count < ${scaledLimit(rule)}
      RETURNING 1`,
    retryAfterSeconds: secondsUntil(expiresAt, now),
  };
}

/**
 * Whether one more hit for `subject` would still be within `rule`, without counting one. For
 * limits that count only failures (e.g. sign-in) but must refuse before the next attempt runs.
 */
export async function peekRateLimit(
  rule: RateLimitRule,
  subject: string,
  db: PrismaClient = prisma(),
  now: Date = new Date(),
): Promise<RateLimitResult> {
  const { key, windowStart, expiresAt } = bucketFor(rule, subject, now);
  const rows = await db.$queryRaw<{ count: number }[]>`
    SELECT count FROM rate_limit_buckets WHERE key = ${key} AND window_start = ${windowStart}`;
  const count = Number(rows[0]?.count ?? 0);
  return {
    allowed: count < scaledLimit(rule),
    count,
    retryAfterSeconds: secondsUntil(expiresAt, now),
  };
}

/**
 * Counts a hit against every (rule, subject) pair and throws RATE_LIMITED, carrying the longest
 * wait, when any is over its limit. Every pair is counted, so hammering one key cannot hide
 * behind another.
 */
export async function enforceRateLimits(
  checks: ReadonlyArray<readonly [RateLimitRule, string]>,
  db: PrismaClient = prisma(),
): Promise<void> {
  const results = await consumeRateLimits(checks, db);
  const refused = results.filter((result) => !result.allowed);
  if (refused.length) {
    const retryAfterSeconds = Math.max(...refused.map((result) => result.retryAfterSeconds));
    throw new AppError("RATE_LIMITED", {
      detail: `rate limit: ${checks.map(([rule]) => rule.name).join(", ")}`,
      params: { retryAfterSeconds },
    });
  }
}
