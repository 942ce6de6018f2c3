import "server-only";
import type { Prisma, PrismaClient } from "@/generated/prisma/client.ts";
import { AppError } from "@/lib/errors.ts";
import type { AgentActor } from "./session.ts";

/**
 * For data-access functions any agent may call: confirms, in the same transaction as the read,
 * that the acting account still exists and is active. (requireAgent() checked it at the start of
 * the request; this keeps the function safe when called with an actor from anywhere else.)
 */
export async function assertActiveAgent(db: PrismaClient | Prisma.TransactionClient, actor: AgentActor): Promise<void> {
  const active = await db.user.count({ where: { id: actor.id, active: true } });
  if (!active) throw new AppError("UNAUTHENTICATED", { detail: `user ${actor.id} is not an active agent` });
}
