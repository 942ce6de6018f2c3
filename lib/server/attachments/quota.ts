import "server-only";
import { isIPv6 } from "node:net";
import { Prisma, type PrismaClient } from "@/generated/prisma/client.ts";
import { scaledLimit } from "@/lib/server/rate-limit.ts";
import type { UploadLimits } from "./limits.ts";
import { rejectUpload } from "./rejection.ts";

type Database = PrismaClient | Prisma.TransactionClient;

const DAY_MS = 86_400_000;
// Bytes are counted in KiB, so a day's total stays far inside the counter's 32-bit integer.
const KiB = 1024;
const MAX_COUNT = 2 ** 31 - 1;
// Serializes the pending-bytes check with the insert it allows, across instances (any constant
// that no other advisory lock uses; 72707369 is Prisma's migration lock).
const PENDING_LOCK = 72707370;

/**
 * Who a quota counts against: the client's address, or for IPv6 its /64 network, since one
 * subscriber is handed a whole /64 and can use any address in it. IPv4-mapped IPv6 addresses are
 * their IPv4 address.
 */
export function uploaderOf(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address.toLowerCase();
  const [head = "", tail = ""] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${groups.slice(0, 4).map((group) => parseInt(group, 16).toString(16)).join(":")}::/64`;
}

/**
 * Counts `bytes` against the client's daily upload quota, or refuses them (quota_exceeded, with
 * the wait until the day ends) when they would pass it: the count only grows by what is
 * accepted, in one conditional upsert, so concurrent uploads from one client can never pass the
 * quota together. Returns the undo for an upload that is then not stored. The quota is part of
 * the rate limits: RATE_LIMIT_SCALE multiplies it too.
 */
export async function reserveDailyBytes(
  db: Database,
  { clientAddress, bytes, limits, now = new Date() }: { clientAddress: string; bytes: number; limits: Pick<UploadLimits, "clientDailyBytes">; now?: Date },
): Promise<() => Promise<void>> {
  const key = `attachments:bytes:${uploaderOf(clientAddress)}`;
  const windowStart = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  const expiresAt = new Date(windowStart.getTime() + DAY_MS);
  const units = Math.max(1, Math.ceil(bytes / KiB));
  // Past the counter's range (a large RATE_LIMIT_SCALE, e.g. for load tests) there is no quota left to enforce.
  const quota = Math.min(scaledLimit({ name: key, limit: Math.floor(limits.clientDailyBytes / KiB), windowSeconds: DAY_MS / 1000 }), MAX_COUNT);
  const counted = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO rate_limit_buckets (key, window_start, count, expires_at)
    SELECT ${key}, ${windowStart}, ${units}::int, ${expiresAt} WHERE ${units}::int <= ${quota}::int
    ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_buckets.count + EXCLUDED.count
      WHERE rate_limit_buckets.count + EXCLUDED.count <= ${quota}::int
    RETURNING count`;
  if (!counted.length) {
    throw rejectUpload("quota_exceeded", `${key} over ${quota} KiB today`, {
      retryAfterSeconds: Math.max(1, Math.ceil((expiresAt.getTime() - now.getTime()) / 1000)),
    });
  }
  return async () => {
    await db.$executeRaw`
      UPDATE rate_limit_buckets SET count = GREATEST(count - ${units}::int, 0) WHERE key = ${key} AND window_start = ${windowStart}`;
  };
}

/** Refuses (storage_full) an upload of `bytes` that would take everyone's unsent uploads past the cap. */
export async function assertPendingRoom(db: Database, bytes: number, limits: Pick<UploadLimits, "pendingMaxBytes">): Promise<void> {
  const [row] = await db.$queryRaw<{ total: bigint }[]>`
    SELECT COALESCE(SUM(byte_size), 0)::bigint AS total FROM attachments WHERE state = 'PENDING'`;
  const pending = Number(row?.total ?? 0);
  if (pending + bytes > limits.pendingMaxBytes) {
    throw rejectUpload("storage_full", `${pending} bytes pending, cap ${limits.pendingMaxBytes}`, { retryAfterSeconds: 300 });
  }
}

/**
 * Runs `insert` (the pending row of an upload of `bytes`) only if it keeps everyone's unsent
 * uploads within the cap, holding a transaction-wide lock so that uploads on every instance
 * check and insert one at a time and cannot pass the cap together.
 */
export async function insertWithinPendingCap<T>(
  db: PrismaClient,
  bytes: number,
  limits: Pick<UploadLimits, "pendingMaxBytes">,
  insert: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${PENDING_LOCK})`;
    await assertPendingRoom(tx, bytes, limits);
    return insert(tx);
  });
}
