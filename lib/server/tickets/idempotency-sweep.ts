import "server-only";
import type { PrismaClient } from "@/generated/prisma/client.ts";
import { startPeriodicTask } from "@/lib/server/background/periodic-task.ts";
import { prisma } from "@/lib/server/db/client.ts";

const BATCH = 1000;

/**
 * Deletes idempotency keys whose 24 hours are over (intake answers a retry after that as a new
 * request anyway), in batches so no statement holds many locks. Keys an intake is using right
 * now are locked and skipped; several instances may sweep at once.
 */
export async function sweepExpiredIdempotencyKeys({ now = new Date(), db = prisma() }: { now?: Date; db?: PrismaClient } = {}): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await db.$executeRaw`
      DELETE FROM idempotency_keys WHERE key IN (
        SELECT key FROM idempotency_keys WHERE expires_at <= ${now}
        LIMIT ${BATCH}
        FOR UPDATE SKIP LOCKED)`;
    total += deleted;
    if (deleted < BATCH) return total;
  }
}

/** Every 15 minutes, like the other sweeps: a key outlives its day by at most that. */
export function startIdempotencyKeySweeper(): void {
  startPeriodicTask("idempotency-keys", { intervalMs: 15 * 60_000 }, async () => {
    const count = await sweepExpiredIdempotencyKeys();
    return count ? `deleted ${count} expired idempotency keys` : null;
  });
}
