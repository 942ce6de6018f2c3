import "server-only";
import type { Prisma, PrismaClient } from "@/generated/prisma/client.ts";
import { AppError } from "@/lib/errors.ts";
import { settings } from "@/lib/server/config/settings.ts";
import { prisma } from "@/lib/server/db/client.ts";
import type { AgentActor } from "./actor.ts";

type Db = PrismaClient | Prisma.TransactionClient;

/**
 * Step-up: sensitive work (changing roles or factors, the CSV export, revealing identity evidence
 * and approving a recovery) needs a second factor verified in this session within
 * STEP_UP_MAX_AGE_MINUTES. The entry layer asks for it with `{ stepUp: true }`
 * (lib/server/actions/action-client.ts, lib/server/http/route-handler.ts); data functions may
 * check it again inside their own transaction with this function. The refusal is
 * STEP_UP_REQUIRED, which the dashboard turns into "confirm with your second factor"
 * (components/step-up/step-up-dialog.tsx) and then retries.
 */
export async function assertFreshSecondFactor(actor: AgentActor, db: Db = prisma(), now: Date = new Date()): Promise<void> {
  if (!actor.sessionId) throw new AppError("STEP_UP_REQUIRED", { detail: `actor ${actor.id} has no session to step up` });
  const session = await db.agentSession.findUnique({ where: { id: actor.sessionId }, select: { secondFactorAt: true, endedAt: true, userId: true } });
  if (!session || session.endedAt || session.userId !== actor.id) {
    throw new AppError("UNAUTHENTICATED", { detail: `session ${actor.sessionId} is not open` });
  }
  if (!isFresh(session.secondFactorAt, now)) {
    throw new AppError("STEP_UP_REQUIRED", { detail: `session ${actor.sessionId}: no second factor in the last ${settings().STEP_UP_MAX_AGE_MINUTES} min` });
  }
}

/** Whether a second factor verified at `at` still counts for step-up. */
export function isFresh(at: Date | null, now: Date = new Date()): boolean {
  return Boolean(at && now.getTime() - at.getTime() <= settings().STEP_UP_MAX_AGE_MINUTES * 60_000);
}
