import "server-only";
import type { PrismaClient } from "@/generated/prisma/client.ts";
import { AppError } from "@/lib/errors.ts";
import { hashPassword } from "@/lib/server/auth/password.ts";
import type { AgentActor, AgentRole } from "@/lib/server/auth/actor.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { endSessionsOf } from "@/lib/server/auth/sessions.ts";
import { clearSignInThrottles } from "@/lib/server/auth/sign-in.ts";
import { settings } from "@/lib/server/config/settings.ts";
import { queueAgentMail } from "@/lib/server/email/agent-mail.ts";
import { agentTargetSchema, changeRoleSchema, createAgentSchema, setAgentActiveSchema } from "@/lib/validation/admin.ts";
import { adminRead, adminTransaction, recordAdminChange, type Transaction } from "./admin-transaction.ts";

export type AgentSummary = {
  id: string;
  email: string;
  name: string;
  role: AgentRole;
  active: boolean;
  /** consecutive failed sign-ins since the last success (information: nothing is locked) */
  failedSignIns: number;
  /** confirmed second factors */
  factorCount: number;
  lastSignInAt: Date | null;
  createdAt: Date;
};

const SUMMARY_FIELDS = {
  id: true, email: true, name: true, role: true, active: true, failedSignIns: true, lastSignInAt: true, createdAt: true,
  _count: { select: { secondFactors: { where: { confirmedAt: { not: null } } } } },
} as const;

function summarize(user: Omit<AgentSummary, "factorCount"> & { _count: { secondFactors: number } }): AgentSummary {
  const { _count, ...rest } = user;
  return { ...rest, factorCount: _count.secondFactors };
}

/** Every account, active first, then by name. Admins only. */
export async function listAgents(actor: AgentActor, db: PrismaClient = prisma()): Promise<AgentSummary[]> {
  return adminRead(actor, async (tx) => {
    const users = await tx.user.findMany({ select: SUMMARY_FIELDS, orderBy: [{ active: "desc" }, { name: "asc" }, { email: "asc" }] });
    return users.map((user) => summarize(user));
  }, db);
}

/** Creates an agent or admin with an initial password the admin hands over. */
export async function createAgent(actor: AgentActor, input: unknown, db: PrismaClient = prisma()): Promise<AgentSummary> {
  const data = createAgentSchema.parse(input);
  const passwordHash = await hashPassword(data.password);
  return adminTransaction(actor, async (tx) => {
    if (await tx.user.findUnique({ where: { email: data.email }, select: { id: true } })) {
      throw new AppError("CONFLICT", {
        detail: `email ${data.email} already has an account`,
        params: { field: "email", fieldMessage: "emailTaken", messageKey: "admin.refusals.emailTaken" },
      });
    }
    const user = await tx.user.create({
      data: { email: data.email, name: data.name, role: data.role, passwordHash },
      select: SUMMARY_FIELDS,
    });
    await recordAdminChange(tx, actor, { action: "user.created", toValue: user.id, data: { email: user.email, role: user.role } });
    return summarize(user);
  }, db);
}

/**
 * Changes a role (the entry layer asks the admin for a fresh second factor); refuses to leave the
 * desk without an active admin. The account's sessions end: it signs in again under its new role
 * (and, promoted to admin, meets the admins' MFA rule at that sign-in).
 */
export async function changeAgentRole(actor: AgentActor, input: unknown, db: PrismaClient = prisma()): Promise<AgentSummary> {
  const { userId, role } = changeRoleSchema.parse(input);
  return adminTransaction(actor, async (tx) => {
    const target = await findTarget(tx, userId);
    if (target.role === role) return summarize(target);
    if (target.role === "ADMIN" && target.active) await assertAnotherActiveAdmin(tx, userId);
    const user = await tx.user.update({ where: { id: userId }, data: { role }, select: SUMMARY_FIELDS });
    await recordAdminChange(tx, actor, { action: "user.role_changed", field: "role", fromValue: target.role, toValue: role, data: { userId } });
    await endSessionsOf(userId, "role-changed", tx);
    return summarize(user);
  }, db);
}

/**
 * Deactivates (the account can no longer sign in, and its open sessions stop working at their next
 * request) or reactivates an account. An admin cannot deactivate themselves or the last active admin.
 */
export async function setAgentActive(actor: AgentActor, input: unknown, db: PrismaClient = prisma()): Promise<AgentSummary> {
  const { userId, active } = setAgentActiveSchema.parse(input);
  return adminTransaction(actor, async (tx) => {
    const target = await findTarget(tx, userId);
    if (target.active === active) return summarize(target);
    if (!active && userId === actor.id) {
      throw new AppError("CONFLICT", { detail: "admin tried to deactivate themselves", params: { messageKey: "admin.refusals.deactivateSelf" } });
    }
    if (!active && target.role === "ADMIN") await assertAnotherActiveAdmin(tx, userId);
    const user = await tx.user.update({
      where: { id: userId },
      // a reactivated account starts with a clean sign-in record
      data: active ? { active, failedSignIns: 0 } : { active },
      select: SUMMARY_FIELDS,
    });
    // Deactivation ends every session for good: reactivating later revives none of them.
    if (!active) await endSessionsOf(userId, "deactivated", tx);
    else await clearSignInThrottles(tx, { id: userId, email: target.email });
    await recordAdminChange(tx, actor, {
      action: active ? "user.reactivated" : "user.deactivated",
      field: "active",
      fromValue: String(target.active),
      toValue: String(active),
      data: { userId },
    });
    return summarize(user);
  }, db);
}

/** "Unlock": clears the account's sign-in and second-factor throttles from every address. */
export async function unlockAgent(actor: AgentActor, input: unknown, db: PrismaClient = prisma()): Promise<void> {
  const { userId } = agentTargetSchema.parse(input);
  await adminTransaction(actor, async (tx) => {
    const target = await findTarget(tx, userId);
    await clearSignInThrottles(tx, target);
    await recordAdminChange(tx, actor, { action: "user.unlocked", data: { userId } });
  }, db);
}

/**
 * Mails the agent a single-use link to set a new password, valid PASSWORD_RESET_TTL_MINUTES;
 * earlier links of the account stop working. The admin never sees the link.
 */
export async function sendPasswordReset(actor: AgentActor, input: unknown, db: PrismaClient = prisma(), now: Date = new Date()): Promise<void> {
  const { userId } = agentTargetSchema.parse(input);
  await adminTransaction(actor, async (tx) => {
    const target = await findTarget(tx, userId);
    if (!target.active) throw new AppError("CONFLICT", { detail: `reset for inactive ${userId}`, params: { messageKey: "admin.refusals.inactive" } });
    const minutes = settings().PASSWORD_RESET_TTL_MINUTES;
    await tx.passwordReset.updateMany({ where: { userId, usedAt: null }, data: { usedAt: now } });
    const reset = await tx.passwordReset.create({ data: { userId, createdById: actor.id, createdAt: now, expiresAt: new Date(now.getTime() + minutes * 60_000) }, select: { id: true } });
    await queueAgentMail(tx, target.email, { kind: "AGENT_PASSWORD_RESET", name: target.name, resetId: reset.id, minutes: Math.round(minutes) });
    await recordAdminChange(tx, actor, { action: "user.password_reset_sent", data: { userId, resetId: reset.id } });
  }, db);
}

/**
 * Removes every second factor and recovery code of an agent (a lost phone): the entry layer asks
 * the admin for a fresh second factor; the agent's sessions end, the agent is told by mail, and
 * where the policy requires a factor they enrol a new one at their next sign-in.
 */
export async function resetAgentFactors(actor: AgentActor, input: unknown, db: PrismaClient = prisma()): Promise<void> {
  const { userId } = agentTargetSchema.parse(input);
  await adminTransaction(actor, async (tx) => {
    const target = await findTarget(tx, userId);
    const removed = await tx.secondFactor.deleteMany({ where: { userId } });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await endSessionsOf(userId, "factors-reset", tx);
    await queueAgentMail(tx, target.email, { kind: "AGENT_FACTORS_RESET", name: target.name, byName: actor.name });
    await recordAdminChange(tx, actor, { action: "user.factors_reset", data: { userId, removed: removed.count } });
  }, db);
}

/** Ends every session of an agent (a lost laptop). */
export async function endAgentSessions(actor: AgentActor, input: unknown, db: PrismaClient = prisma()): Promise<number> {
  const { userId } = agentTargetSchema.parse(input);
  return adminTransaction(actor, async (tx) => {
    await findTarget(tx, userId);
    const ended = await endSessionsOf(userId, "revoked", tx, { exceptSessionId: actor.sessionId });
    await recordAdminChange(tx, actor, { action: "user.sessions_ended", data: { userId, ended } });
    return ended;
  }, db);
}

async function findTarget(tx: Transaction, userId: string) {
  const target = await tx.user.findUnique({ where: { id: userId }, select: SUMMARY_FIELDS });
  if (!target) throw new AppError("NOT_FOUND", { detail: `user ${userId}` });
  return target;
}

async function assertAnotherActiveAdmin(tx: Transaction, userId: string): Promise<void> {
  const others = await tx.user.count({ where: { role: "ADMIN", active: true, id: { not: userId } } });
  if (others === 0) {
    throw new AppError("CONFLICT", { detail: "would leave no active admin", params: { messageKey: "admin.refusals.lastActiveAdmin" } });
  }
}
