import "server-only";
import { Prisma, type PrismaClient } from "@/generated/prisma/client.ts";
import { AppError } from "@/lib/errors.ts";
import { agentTransaction, type AgentActor } from "@/lib/server/auth/actor.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { PRESENCE_TTL_SECONDS } from "@/lib/tickets/presence.ts";

// Presence lives in PostgreSQL (ticket_presences) so agents on different app instances see each other.
// Rows of viewers long gone are swept now and then by whoever passes by.
const STALE_ROW_SECONDS = 600;

export type TicketViewer = { id: string; name: string };

type Tx = Prisma.TransactionClient;

/** Records that `actor` has the ticket open and returns the other agents viewing it. */
export async function recordPresence(
  actor: AgentActor,
  ticketId: string,
  db: PrismaClient = prisma(),
  now: Date = new Date(),
): Promise<TicketViewer[]> {
  const viewers = await agentTransaction(
    actor,
    async (tx) => {
      await tx.ticketPresence.upsert({
        where: { ticketId_userId: { ticketId, userId: actor.id } },
        create: { ticketId, userId: actor.id, lastSeenAt: now },
        update: { lastSeenAt: now },
      });
      return viewersOtherThan(tx, actor, ticketId, now);
    },
    db,
  ).catch((error: unknown) => {
    // The ticket does not exist (foreign key).
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2003") {
      throw new AppError("NOT_FOUND", { detail: `presence for ticket ${ticketId}`, cause: error });
    }
    throw error;
  });
  if (Math.random() < 0.05) {
    await db.ticketPresence
      .deleteMany({ where: { lastSeenAt: { lt: new Date(now.getTime() - STALE_ROW_SECONDS * 1000) } } })
      .catch(() => undefined);
  }
  return viewers;
}

/** The agents other than `actor` who have the ticket open now. */
export function otherViewers(
  actor: AgentActor,
  ticketId: string,
  db: PrismaClient = prisma(),
  now: Date = new Date(),
): Promise<TicketViewer[]> {
  return agentTransaction(actor, (tx) => viewersOtherThan(tx, actor, ticketId, now), db);
}

async function viewersOtherThan(tx: Tx, actor: AgentActor, ticketId: string, now: Date): Promise<TicketViewer[]> {
  const rows = await tx.ticketPresence.findMany({
    where: {
      ticketId,
      userId: { not: actor.id },
      lastSeenAt: { gte: new Date(now.getTime() - PRESENCE_TTL_SECONDS * 1000) },
    },
    orderBy: { lastSeenAt: "desc" },
    select: { user: { select: { id: true, name: true } } },
  });
  return rows.map((row) => row.user);
}

/** The page was closed: stop showing `actor` as a viewer at once instead of after the TTL. */
export async function leaveTicket(actor: AgentActor, ticketId: string, db: PrismaClient = prisma()): Promise<void> {
  await agentTransaction(actor, (tx) => tx.ticketPresence.deleteMany({ where: { ticketId, userId: actor.id } }), db);
}
