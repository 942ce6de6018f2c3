import "server-only";
import type { Prisma, PrismaClient } from "@/generated/prisma/client.ts";
import { assertActor, type AgentActor } from "@/lib/server/auth/actor.ts";
import { prisma } from "@/lib/server/db/client.ts";

export type Transaction = Prisma.TransactionClient;

// One lock for every admin change: rules such as "keep one active admin" read and then write, and
// two admins acting at once must not both pass the check.
const ADMIN_CHANGES_LOCK_KEY = 5_170_001;

/**
 * Runs an admin change in one transaction after confirming, inside it, that the acting user is
 * still an active admin: the check and the change see the same data.
 */
export async function adminTransaction<T>(
  actor: AgentActor,
  work: (tx: Transaction) => Promise<T>,
  db: PrismaClient = prisma(),
): Promise<T> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMIN_CHANGES_LOCK_KEY})`;
    await assertActor(tx, actor, "ADMIN");
    return work(tx);
  });
}

/** Reads for admin pages: the same check, without the lock. */
export async function adminRead<T>(actor: AgentActor, work: (db: Transaction) => Promise<T>, db: PrismaClient = prisma()): Promise<T> {
  return db.$transaction(async (tx) => {
    await assertActor(tx, actor, "ADMIN");
    return work(tx);
  });
}

/** An audit event for a change outside any ticket (ticket_id NULL). */
export async function recordAdminChange(
  tx: Transaction,
  actor: AgentActor,
  event: { action: string; field?: string; fromValue?: string | null; toValue?: string | null; data?: Prisma.InputJsonValue },
): Promise<void> {
  await tx.auditEvent.create({
    data: {
      ticketId: null,
      actorType: "AGENT",
      actorId: actor.id,
      action: event.action,
      field: event.field,
      fromValue: event.fromValue ?? null,
      toValue: event.toValue ?? null,
      data: event.data,
    },
  });
}
