import "server-only";
import type { Prisma, PrismaClient } from "@/generated/prisma/client.ts";
import { prisma } from "@/lib/server/db/client.ts";
import type { AgentRole } from "./actor.ts";

type Db = PrismaClient | Prisma.TransactionClient;

/** Who must use a second factor (security_policy, edited under Admin -> Security). */
export type SecurityPolicy = { mfaRequiredForAdmins: boolean; mfaRequiredForAll: boolean };

export const DEFAULT_POLICY: SecurityPolicy = { mfaRequiredForAdmins: true, mfaRequiredForAll: false };

export async function securityPolicy(db: Db = prisma()): Promise<SecurityPolicy> {
  const row = await db.securityPolicy.findUnique({ where: { id: 1 }, select: { mfaRequiredForAdmins: true, mfaRequiredForAll: true } });
  return row ?? DEFAULT_POLICY;
}

/**
 * Whether this account needs a second factor to get past sign-in: the policy says so for its role,
 * or it has enrolled one (an agent who set up a factor is always asked for it). Editors count with
 * admins: what they publish is what every customer reads, links included.
 */
export function secondFactorRequired(policy: SecurityPolicy, role: AgentRole, factorCount: number): boolean {
  return factorCount > 0 || policy.mfaRequiredForAll || (role !== "AGENT" && policy.mfaRequiredForAdmins);
}
