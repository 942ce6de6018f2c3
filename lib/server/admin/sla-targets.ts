import "server-only";
import type { PrismaClient } from "@/generated/prisma/client.ts";
import type { AgentActor } from "@/lib/server/auth/actor.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { DEFAULT_FIRST_RESPONSE_MINUTES } from "@/lib/tickets/sla.ts";
import { PRIORITIES } from "@/lib/tickets/priority.ts";
import { slaTargetsSchema, type SlaTargetsInput } from "@/lib/validation/admin.ts";
import { adminRead, adminTransaction, recordAdminChange } from "./admin-transaction.ts";

export type SlaTargetSummary = { priority: (typeof PRIORITIES)[number]; firstResponseMinutes: number; updatedAt: Date | null; updatedBy: string | null };

/** The first-response target per priority (the default where none is stored). Admins only. */
export async function listSlaTargets(actor: AgentActor, db: PrismaClient = prisma()): Promise<SlaTargetSummary[]> {
  return adminRead(actor, async (tx) => {
    const stored = await tx.slaTarget.findMany({ select: { priority: true, firstResponseMinutes: true, updatedAt: true, updatedBy: { select: { name: true } } } });
    const byPriority = new Map(stored.map((target) => [target.priority, target]));
    return PRIORITIES.map((priority) => {
      const target = byPriority.get(priority);
      return {
        priority,
        firstResponseMinutes: target?.firstResponseMinutes ?? DEFAULT_FIRST_RESPONSE_MINUTES[priority],
        updatedAt: target?.updatedAt ?? null,
        updatedBy: target?.updatedBy?.name ?? null,
      };
    });
  }, db);
}

/**
 * Saves the targets. They apply to tickets created from now on: a ticket's due time is fixed when
 * it is filed (tickets.sla_due_at), so existing tickets keep theirs.
 */
export async function updateSlaTargets(actor: AgentActor, input: unknown, db: PrismaClient = prisma()): Promise<SlaTargetsInput> {
  const targets = slaTargetsSchema.parse(input);
  return adminTransaction(actor, async (tx) => {
    const before = new Map((await tx.slaTarget.findMany()).map((target) => [target.priority, target.firstResponseMinutes]));
    for (const priority of PRIORITIES) {
      const minutes = targets[priority];
      const previous = before.get(priority) ?? DEFAULT_FIRST_RESPONSE_MINUTES[priority];
      if (before.has(priority) && previous === minutes) continue;
      await tx.slaTarget.upsert({
        where: { priority },
        create: { priority, firstResponseMinutes: minutes, updatedById: actor.id },
        update: { firstResponseMinutes: minutes, updatedById: actor.id },
      });
      if (previous !== minutes) {
        await recordAdminChange(tx, actor, {
          action: "sla_target.changed",
          field: `first_response_minutes.${priority}`,
          fromValue: String(previous),
          toValue: String(minutes),
        });
      }
    }
    return targets;
  }, db);
}
