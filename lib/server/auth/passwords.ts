import "server-only";
import { timingSafeEqual } from "node:crypto";
import type { PrismaClient } from "@/generated/prisma/client.ts";
import { AppError } from "@/lib/errors.ts";
import { passwordResetToken } from "@/lib/server/email/agent-mail.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { UUID_PATTERN } from "@/lib/validation/identifiers.ts";
import { assertActor, type AgentActor } from "./actor.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { endSessionsOf } from "./sessions.ts";
import { clearSignInThrottles } from "./sign-in.ts";

/**
 * Changing a password: by the agent (knowing the current one), or through a single-use reset link
 * an admin sent (lib/server/admin/agents.ts). Either way the account's other sessions end.
 */

export async function changeOwnPassword(
  actor: AgentActor,
  input: { currentPassword: string; newPassword: string },
  db: PrismaClient = prisma(),
): Promise<void> {
  const stored = await db.user.findUnique({ where: { id: actor.id }, select: { passwordHash: true } });
  if (!stored || !(await verifyPassword(stored.passwordHash, input.currentPassword))) {
    throw new AppError("VALIDATION_FAILED", {
      detail: "current password wrong",
      issues: [{ path: "currentPassword", message: "currentPasswordWrong" }],
      params: { field: "currentPassword", fieldMessage: "currentPasswordWrong" },
    });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.$transaction(async (tx) => {
    await assertActor(tx, actor);
    const now = new Date();
    await tx.user.update({ where: { id: actor.id }, data: { passwordHash, passwordChangedAt: now } });
    await tx.auditEvent.create({ data: { actorType: "AGENT", actorId: actor.id, action: "user.password_changed", data: { userId: actor.id } } });
    await endSessionsOf(actor.id, "password-changed", tx, { exceptSessionId: actor.sessionId, now });
  });
}

/** The reset a link's token names, when the token is one we issued (its tag checks out). */
export function resetIdOfToken(token: unknown): string | null {
  if (typeof token !== "string" || token.length > 200) return null;
  const [id] = token.split(".");
  if (!id || !UUID_PATTERN.test(id)) return null;
  const expected = Buffer.from(passwordResetToken(id));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given) ? id : null;
}

/** Whether the link can still be used (for the reset page, before the form is shown). */
export async function passwordResetUsable(token: unknown, db: PrismaClient = prisma(), now: Date = new Date()): Promise<boolean> {
  const id = resetIdOfToken(token);
  if (!id) return false;
  const reset = await db.passwordReset.findUnique({ where: { id }, select: { usedAt: true, expiresAt: true, user: { select: { active: true } } } });
  return Boolean(reset && !reset.usedAt && reset.expiresAt > now && reset.user.active);
}

/**
 * Sets a new password through a reset link: single-use (claimed by a conditional update), refused
 * when expired or when the account was deactivated since. Ends every session of the account,
 * clears its sign-in throttles and voids its other outstanding links.
 */
export async function resetPasswordWithToken(input: { token: string; newPassword: string }, db: PrismaClient = prisma(), now: Date = new Date()): Promise<void> {
  const id = resetIdOfToken(input.token);
  if (!id) throw new AppError("NOT_FOUND", { detail: "reset token not ours", params: { messageKey: "account.errors.resetLinkInvalid" } });
  const passwordHash = await hashPassword(input.newPassword);
  await db.$transaction(async (tx) => {
    const claimed = await tx.passwordReset.updateMany({ where: { id, usedAt: null, expiresAt: { gt: now }, user: { active: true } }, data: { usedAt: now } });
    if (claimed.count !== 1) throw new AppError("NOT_FOUND", { detail: `reset ${id} used, expired or account inactive`, params: { messageKey: "account.errors.resetLinkInvalid" } });
    const reset = await tx.passwordReset.findUniqueOrThrow({ where: { id }, select: { userId: true, user: { select: { email: true } } } });
    await tx.user.update({ where: { id: reset.userId }, data: { passwordHash, passwordChangedAt: now } });
    await tx.passwordReset.updateMany({ where: { userId: reset.userId, usedAt: null }, data: { usedAt: now } });
    await clearSignInThrottles(tx, { id: reset.userId, email: reset.user.email });
    await tx.auditEvent.create({ data: { actorType: "AGENT", actorId: reset.userId, action: "user.password_reset", data: { userId: reset.userId, resetId: id } } });
    await endSessionsOf(reset.userId, "password-changed", tx, { now });
  });
}
