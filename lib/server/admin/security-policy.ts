import "server-only";
import type { PrismaClient } from "@/generated/prisma/client.ts";
import type { AgentActor } from "@/lib/server/auth/actor.ts";
import { securityPolicy, type SecurityPolicy } from "@/lib/server/auth/policy.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { securityPolicySchema } from "@/lib/validation/admin.ts";
import { adminRead, adminTransaction, recordAdminChange } from "./admin-transaction.ts";

/** Admin -> Security: who must use a second factor. */
export async function readSecurityPolicy(actor: AgentActor, db: PrismaClient = prisma()): Promise<SecurityPolicy> {
  return adminRead(actor, (tx) => securityPolicy(tx), db);
}

/**
 * Changes the MFA policy (the entry layer asks for a fresh second factor). Takes effect at every
 * session's next request: an agent newly required to use a factor enrols before reaching any ticket.
 */
export async function updateSecurityPolicy(actor: AgentActor, input: unknown, db: PrismaClient = prisma()): Promise<SecurityPolicy> {
  const next = securityPolicySchema.parse(input);
  return adminTransaction(actor, async (tx) => {
    const before = await securityPolicy(tx);
    await tx.securityPolicy.upsert({ where: { id: 1 }, create: { id: 1, ...next, updatedById: actor.id }, update: { ...next, updatedById: actor.id, updatedAt: new Date() } });
    await recordAdminChange(tx, actor, { action: "security_policy.updated", data: { before, after: next } });
    return next;
  }, db);
}
