import "server-only";
import type { PrismaClient } from "@/generated/prisma/client.ts";
import { AppError } from "@/lib/errors.ts";
import type { AgentActor } from "@/lib/server/auth/actor.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { ALL_CATEGORIES, cannedResponseSchema, setCannedResponseActiveSchema } from "@/lib/validation/admin.ts";
import type { LanguageCode, TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";
import { adminRead, adminTransaction, recordAdminChange } from "./admin-transaction.ts";

export type CannedResponseSummary = {
  id: string;
  /** null: offered for every category */
  category: TicketCategoryCode | null;
  language: LanguageCode;
  title: string;
  body: string;
  active: boolean;
  updatedAt: Date;
};

const FIELDS = { id: true, category: true, language: true, title: true, body: true, active: true, updatedAt: true } as const;

/** All canned responses, active first, grouped by language and category. Admins only. */
export async function listCannedResponses(actor: AgentActor, db: PrismaClient = prisma()): Promise<CannedResponseSummary[]> {
  return adminRead(actor, (tx) =>
    tx.cannedResponse.findMany({
      select: FIELDS,
      orderBy: [{ active: "desc" }, { language: "asc" }, { category: { sort: "asc", nulls: "first" } }, { title: "asc" }],
    }), db);
}

export async function getCannedResponse(actor: AgentActor, id: string, db: PrismaClient = prisma()): Promise<CannedResponseSummary> {
  return adminRead(actor, async (tx) => {
    const found = await tx.cannedResponse.findUnique({ where: { id }, select: FIELDS });
    if (!found) throw new AppError("NOT_FOUND", { detail: `canned response ${id}` });
    return found;
  }, db);
}

/** Creates (no id) or edits (with id) a canned response. */
export async function saveCannedResponse(actor: AgentActor, input: unknown, db: PrismaClient = prisma()): Promise<CannedResponseSummary> {
  const { id, category, ...fields } = cannedResponseSchema.parse(input);
  const data = { ...fields, category: category === ALL_CATEGORIES ? null : category };
  return adminTransaction(actor, async (tx) => {
    if (!id) {
      const created = await tx.cannedResponse.create({ data: { ...data, createdById: actor.id }, select: FIELDS });
      await recordAdminChange(tx, actor, { action: "canned_response.created", toValue: created.id, data: { title: created.title } });
      return created;
    }
    const before = await tx.cannedResponse.findUnique({ where: { id }, select: FIELDS });
    if (!before) throw new AppError("NOT_FOUND", { detail: `canned response ${id}` });
    const updated = await tx.cannedResponse.update({ where: { id }, data, select: FIELDS });
    const changed = (["category", "language", "title", "body"] as const).filter((key) => before[key] !== updated[key]);
    await recordAdminChange(tx, actor, { action: "canned_response.updated", toValue: id, data: { changed } });
    return updated;
  }, db);
}

/** Retires a canned response from the reply box (kept for the record) or brings it back. */
export async function setCannedResponseActive(actor: AgentActor, input: unknown, db: PrismaClient = prisma()): Promise<CannedResponseSummary> {
  const { id, active } = setCannedResponseActiveSchema.parse(input);
  return adminTransaction(actor, async (tx) => {
    const before = await tx.cannedResponse.findUnique({ where: { id }, select: { active: true } });
    if (!before) throw new AppError("NOT_FOUND", { detail: `canned response ${id}` });
    const updated = await tx.cannedResponse.update({ where: { id }, data: { active }, select: FIELDS });
    if (before.active !== active) {
      await recordAdminChange(tx, actor, {
        action: active ? "canned_response.reactivated" : "canned_response.deactivated",
        field: "active",
        fromValue: String(before.active),
        toValue: String(active),
        data: { cannedResponseId: id },
      });
    }
    return updated;
  }, db);
}
