import "server-only";
import type { Prisma, PrismaClient } from "@/generated/prisma/client.ts";
import { AppError } from "@/lib/errors.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { UUID_PATTERN } from "@/lib/validation/identifiers.ts";

/** EDITOR: an agent who may also edit the self-help content (as admins may). */
export type AgentRole = "AGENT" | "EDITOR" | "ADMIN";

declare const agentActorBrand: unique symbol;

/**
 * A signed-in agent as every data function receives it. The brand means it can only come from
 * loadAgentActor (a database read of an active account), never from an object literal, so a
 * data function cannot be handed an id a caller made up. It is still a snapshot: data functions
 * check it again in their own query or transaction (assertActor), so an agent deactivated or
 * demoted after this was made is refused by the very next call.
 */
export type AgentActor = Readonly<{
  id: string;
  email: string;
  name: string;
  role: AgentRole;
  /**
   * The server-side session the request came with (lib/server/auth/sessions.ts), for step-up
   * checks (lib/server/auth/step-up.ts); null for an actor made outside a request (scripts, tests).
   */
  sessionId: string | null;
}> & {
  readonly [agentActorBrand]: true;
};

type Db = PrismaClient | Prisma.TransactionClient;


/** The active account with this id as an actor, or null (unknown, deactivated or malformed id). */
export async function loadAgentActor(userId: unknown, db: Db = prisma()): Promise<AgentActor | null> {
  if (typeof userId !== "string" || !UUID_PATTERN.test(userId)) return null;
  const user = await db.user.findFirst({
    where: { id: userId, active: true },
    select: { id: true, email: true, name: true, role: true },
  });
  return user ? ({ ...user, sessionId: null } as AgentActor) : null;
}

/** Whether an account of role `held` may do what needs `needed` (admins may do everything). */
export function roleAllows(held: AgentRole, needed: AgentRole): boolean {
  return needed === "AGENT" || held === "ADMIN" || held === needed;
}

/**
 * Refuses an actor whose account is no longer active (UNAUTHENTICATED) or, when `role` is
 * ADMIN or EDITOR, no longer holds it (FORBIDDEN, as for an inactive admin: those pages and
 * actions answer "not allowed" either way). Run it in the same transaction as the work it guards.
 */
export async function assertActor(db: Db, actor: AgentActor, role: AgentRole = "AGENT"): Promise<void> {
  const stored = await db.user.findUnique({ where: { id: actor.id }, select: { role: true, active: true } });
  if (role !== "AGENT") {
    if (!stored?.active || !roleAllows(stored.role, role)) throw new AppError("FORBIDDEN", { detail: `user ${actor.id} is not an active ${role.toLowerCase()}` });
    return;
  }
  if (!stored?.active) throw new AppError("UNAUTHENTICATED", { detail: `user ${actor.id} is not an active agent` });
}

const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 } as const;

/** Runs agent work in one transaction that first confirms the actor (see assertActor). */
export function agentTransaction<T>(
  actor: AgentActor,
  work: (tx: Prisma.TransactionClient) => Promise<T>,
  db: PrismaClient = prisma(),
  role: AgentRole = "AGENT",
): Promise<T> {
  return db.$transaction(async (tx) => {
    await assertActor(tx, actor, role);
    return work(tx);
  }, TRANSACTION_OPTIONS);
}

/**
 * For agent reads that are one query (or independent queries): runs the actor check alongside
 * the read instead of wrapping both in a transaction, so a queue page or a screenshot costs no
 * extra round trip; the read's result is only returned once the check passed.
 */
export async function agentRead<T>(actor: AgentActor, read: (db: PrismaClient) => Promise<T>, db: PrismaClient = prisma()): Promise<T> {
  const [, result] = await Promise.all([assertActor(db, actor), read(db)]);
  return result;
}
