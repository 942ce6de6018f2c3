import "server-only";
import type { PrismaClient } from "@/generated/prisma/client.ts";
import { AppError } from "@/lib/errors.ts";
import { hashPassword } from "@/lib/server/auth/password.ts";
import type { AgentActor, AgentRole } from "@/lib/server/auth/actor.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { changeRoleSchema, createAgentSchema, setAgentActiveSchema } from "@/lib/validation/admin.ts";
import { adminRead, adminTransaction, recordAdminChange, type Transaction } from "./admin-transaction.ts";

export type AgentSummary = {
  id: string;
  email: string;
  name: string;
  role: AgentRole;
  active: boolean;
  locked: boolean;
  lastSignInAt: Date | null;
  createdAt: Date;
};

const SUMMARY_FIELDS = { id: true, email: true, name: true, role: true, active: true, lockedUntil: true, lastSignInAt: true, createdAt: true } as const;

function summarize(user: { lockedUntil: Date | null } & Omit<AgentSummary, "locked">, now = new Date()): AgentSummary {
  const { lockedUntil, ...rest } = user;
  return { ...rest, locked: Boolean(lockedUntil && lockedUntil > now) };
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

/** Changes a role; refuses to leave the desk without an active admin. */
export async function changeAgentRole(actor: AgentActor, input: unknown, db: PrismaClient = prisma()): Promise<AgentSummary> {
  const { userId, role } = changeRoleSchema.parse(input);
  return adminTransaction(actor, async (tx) => {
    const target = await findTarget(tx, userId);
    if (target.role === role) return summarize(target);
    if (target.role === "ADMIN" && target.active) await assertAnotherActiveAdmin(tx, userId);
    const user = await tx.user.update({ where: { id: userId }, data: { role }, select: SUMMARY_FIELDS });
    await recordAdminChange(tx, actor, { action: "user.role_changed", field: "role", fromValue: target.role, toValue: role, data: { userId } });
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
      data: active ? { active, failedSignIns: 0, lockedUntil: null } : { active },
      select: SUMMARY_FIELDS,
    });
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
