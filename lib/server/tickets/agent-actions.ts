import "server-only";
import type { Prisma, PrismaClient } from "@/generated/prisma/client.ts";
import { AppError } from "@/lib/errors.ts";
import { agentTransaction, type AgentActor } from "@/lib/server/auth/actor.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { queueAgentReplied, queueTicketResolved } from "@/lib/server/email/notifications.ts";
import type { PriorityCode } from "@/lib/tickets/priority.ts";
import { DEFAULT_FIRST_RESPONSE_MINUTES, slaDueAt } from "@/lib/tickets/sla.ts";
import type { AgentSettableStatus, TicketStatusCode } from "@/lib/tickets/status.ts";
import type { TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";

/**
 * Everything an agent changes on a ticket. No silent overwrites: each change names the version
 * the agent saw, the UPDATE only matches that version (and bumps it), and a change that matches
 * nothing is refused with the name of whoever changed the ticket meanwhile. Every change writes
 * its audit events in the same transaction.
 */

export type TicketChange = { ticketId: string; version: number };
/** The ticket's version after the change (unchanged when there was nothing to do). */
export type TicketChangeResult = { version: number; changed: boolean };

type Tx = Prisma.TransactionClient;

type AuditEntry = { action: string; field?: string; from?: string | null; to?: string | null; data?: Prisma.InputJsonValue };

const CURRENT_TICKET_SELECT = {
  id: true,
  version: true,
  status: true,
  priority: true,
  category: true,
  // who mail about a change goes to, and in which language
  reference: true,
  language: true,
  contactEmail: true,
  assigneeId: true,
  createdAt: true,
  firstRespondedAt: true,
  resolvedAt: true,
  slaDueAt: true,
  assignee: { select: { name: true } },
} as const satisfies Prisma.TicketSelect;

type CurrentTicket = Prisma.TicketGetPayload<{ select: typeof CURRENT_TICKET_SELECT }>;

async function loadTicket(tx: Tx, ticketId: string): Promise<CurrentTicket> {
  const ticket = await tx.ticket.findUnique({ where: { id: ticketId }, select: CURRENT_TICKET_SELECT });
  if (!ticket) throw new AppError("NOT_FOUND", { detail: `ticket ${ticketId}` });
  return ticket;
}

/** Who made the ticket's latest change, for the message that refuses a stale one. */
async function versionConflict(tx: Tx, ticketId: string, expectedVersion: number): Promise<AppError> {
  const latest = await tx.auditEvent.findFirst({
    where: { ticketId },
    orderBy: { id: "desc" },
    select: { actorType: true, actor: { select: { name: true } } },
  });
  const actorType = latest?.actorType ?? "SYSTEM";
  return new AppError("VERSION_CONFLICT", {
    detail: `ticket ${ticketId} is no longer at version ${expectedVersion}`,
    params: {
      actor: latest?.actor?.name ?? "",
      actorType,
      // The customer (a reply re-opening the ticket) or the system has no name to show.
      ...(actorType === "AGENT" && latest?.actor ? {} : { messageKey: `ticket.conflict.${actorType}` }),
    },
  });
}

function alreadyClaimed(ticket: CurrentTicket): AppError {
  return new AppError("ALREADY_CLAIMED", {
    detail: `ticket ${ticket.id} is owned by ${ticket.assigneeId}`,
    params: { actor: ticket.assignee?.name ?? "", actorType: "AGENT" },
  });
}

async function writeAudit(tx: Tx, actor: AgentActor, ticketId: string, entries: AuditEntry[]): Promise<void> {
  if (!entries.length) return;
  await tx.auditEvent.createMany({
    data: entries.map((entry) => ({
      ticketId,
      actorType: "AGENT" as const,
      actorId: actor.id,
      action: entry.action,
      field: entry.field ?? null,
      fromValue: entry.from ?? null,
      toValue: entry.to ?? null,
      data: entry.data,
    })),
  });
}

/**
 * Applies `data` only if the ticket is still at `expectedVersion` (and unowned for a claim),
 * bumping the version; otherwise refuses with ALREADY_CLAIMED or VERSION_CONFLICT.
 */
async function updateAtVersion(
  tx: Tx,
  ticketId: string,
  expectedVersion: number,
  data: Prisma.TicketUncheckedUpdateManyInput,
  options: { claim?: boolean } = {},
): Promise<number> {
  const { count } = await tx.ticket.updateMany({
    where: { id: ticketId, version: expectedVersion, ...(options.claim ? { assigneeId: null } : {}) },
    data: { ...data, version: { increment: 1 } },
  });
  if (count === 1) return expectedVersion + 1;
  // Another transaction committed first; READ COMMITTED lets us see who won.
  const winner = await loadTicket(tx, ticketId);
  if (options.claim && winner.assigneeId) throw alreadyClaimed(winner);
  throw await versionConflict(tx, ticketId, expectedVersion);
}

/** Status side effects: resolved_at/closed_at follow the status, an owner follows work in progress. */
function statusData(ticket: CurrentTicket, status: TicketStatusCode, actor: AgentActor, now: Date) {
  const data: Prisma.TicketUncheckedUpdateManyInput = { status };
  const audit: AuditEntry[] = [];
  if (status === "RESOLVED" || status === "CLOSED") {
    data.resolvedAt = ticket.resolvedAt ?? now;
    data.closedAt = status === "CLOSED" ? now : null;
  } else {
    data.resolvedAt = null;
    data.closedAt = null;
  }
  if ((status === "OPEN" || status === "PENDING") && !ticket.assigneeId) {
    data.assigneeId = actor.id;
    audit.push({ action: "ticket.assigned", field: "assignee", from: null, to: actor.id });
  }
  if (status !== ticket.status) audit.push({ action: "ticket.status_changed", field: "status", from: ticket.status, to: status });
  return { data, audit };
}

/** Takes an unowned ticket; NEW becomes OPEN. Someone else's ticket is refused with their name. */
export async function claimTicket(actor: AgentActor, change: TicketChange, db: PrismaClient = prisma()): Promise<TicketChangeResult> {
  return agentTransaction(actor, async (tx) => {
    const ticket = await loadTicket(tx, change.ticketId);
    if (ticket.assigneeId === actor.id) return { version: ticket.version, changed: false };
    if (ticket.assigneeId) throw alreadyClaimed(ticket);
    if (ticket.version !== change.version) throw await versionConflict(tx, ticket.id, change.version);
    const status = ticket.status === "NEW" ? "OPEN" : ticket.status;
    const version = await updateAtVersion(tx, ticket.id, change.version, { assigneeId: actor.id, status }, { claim: true });
    const audit: AuditEntry[] = [{ action: "ticket.claimed", field: "assignee", from: null, to: actor.id }];
    if (status !== ticket.status) audit.push({ action: "ticket.status_changed", field: "status", from: ticket.status, to: status });
    await writeAudit(tx, actor, ticket.id, audit);
    return { version, changed: true };
  }, db);
}

/**
 * Gives the ticket to an active agent (or to nobody with null); NEW becomes OPEN once owned.
 * Taking a ticket another agent owns is a reassignment the actor must confirm (`takeOver`), as
 * a claim would be refused: without it the change is refused with the owner's name. A
 * reassignment is recorded as such, and like every change it is refused on a stale version.
 */
export async function assignTicket(
  actor: AgentActor,
  change: TicketChange & { assigneeId: string | null; takeOver?: boolean },
  db: PrismaClient = prisma(),
): Promise<TicketChangeResult> {
  return agentTransaction(actor, async (tx) => {
    if (change.assigneeId) {
      const assignee = await tx.user.findFirst({ where: { id: change.assigneeId, active: true }, select: { id: true } });
      if (!assignee) throw new AppError("VALIDATION_FAILED", { detail: `no active agent ${change.assigneeId}` });
    }
    const ticket = await loadTicket(tx, change.ticketId);
    if (ticket.version !== change.version) throw await versionConflict(tx, ticket.id, change.version);
    if (ticket.assigneeId === change.assigneeId) return { version: ticket.version, changed: false };
    const takesOver = ticket.assigneeId !== null && ticket.assigneeId !== actor.id;
    if (takesOver && !change.takeOver) throw alreadyClaimed(ticket);
    const status = change.assigneeId && ticket.status === "NEW" ? "OPEN" : ticket.status;
    const version = await updateAtVersion(tx, ticket.id, change.version, { assigneeId: change.assigneeId, status });
    const audit: AuditEntry[] = [
      { action: takesOver ? "ticket.reassigned" : "ticket.assigned", field: "assignee", from: ticket.assigneeId, to: change.assigneeId },
    ];
    if (status !== ticket.status) audit.push({ action: "ticket.status_changed", field: "status", from: ticket.status, to: status });
    await writeAudit(tx, actor, ticket.id, audit);
    return { version, changed: true };
  }, db);
}

export async function changeTicketStatus(
  actor: AgentActor,
  change: TicketChange & { status: AgentSettableStatus },
  db: PrismaClient = prisma(),
  now: Date = new Date(),
): Promise<TicketChangeResult> {
  return agentTransaction(actor, async (tx) => {
    const ticket = await loadTicket(tx, change.ticketId);
    if (ticket.version !== change.version) throw await versionConflict(tx, ticket.id, change.version);
    if (ticket.status === change.status) return { version: ticket.version, changed: false };
    const { data, audit } = statusData(ticket, change.status, actor, now);
    const version = await updateAtVersion(tx, ticket.id, change.version, data);
    await writeAudit(tx, actor, ticket.id, audit);
    if (change.status === "RESOLVED") await queueTicketResolved(tx, ticket);
    return { version, changed: true };
  }, db);
}

/** A new priority also moves the first-response due time while nobody has answered yet. */
export async function changeTicketPriority(
  actor: AgentActor,
  change: TicketChange & { priority: PriorityCode },
  db: PrismaClient = prisma(),
): Promise<TicketChangeResult> {
  return agentTransaction(actor, async (tx) => {
    const ticket = await loadTicket(tx, change.ticketId);
    if (ticket.version !== change.version) throw await versionConflict(tx, ticket.id, change.version);
    if (ticket.priority === change.priority) return { version: ticket.version, changed: false };
    const data: Prisma.TicketUncheckedUpdateManyInput = { priority: change.priority };
    const audit: AuditEntry[] = [{ action: "ticket.priority_changed", field: "priority", from: ticket.priority, to: change.priority }];
    if (!ticket.firstRespondedAt) {
      const target = await tx.slaTarget.findUnique({ where: { priority: change.priority }, select: { firstResponseMinutes: true } });
      const due = slaDueAt(ticket.createdAt, target?.firstResponseMinutes ?? DEFAULT_FIRST_RESPONSE_MINUTES[change.priority]);
      data.slaDueAt = due;
      audit.push({ action: "ticket.sla_changed", field: "sla_due_at", from: ticket.slaDueAt.toISOString(), to: due.toISOString() });
    }
    const version = await updateAtVersion(tx, ticket.id, change.version, data);
    await writeAudit(tx, actor, ticket.id, audit);
    return { version, changed: true };
  }, db);
}

export async function changeTicketCategory(
  actor: AgentActor,
  change: TicketChange & { category: TicketCategoryCode },
  db: PrismaClient = prisma(),
): Promise<TicketChangeResult> {
  return agentTransaction(actor, async (tx) => {
    const ticket = await loadTicket(tx, change.ticketId);
    if (ticket.version !== change.version) throw await versionConflict(tx, ticket.id, change.version);
    if (ticket.category === change.category) return { version: ticket.version, changed: false };
    const version = await updateAtVersion(tx, ticket.id, change.version, { category: change.category });
    await writeAudit(tx, actor, ticket.id, [
      { action: "ticket.category_changed", field: "category", from: ticket.category, to: change.category },
    ]);
    return { version, changed: true };
  }, db);
}

/**
 * A public reply to the customer. The first one stamps first_responded_at (the SLA is met);
 * the ticket then waits on the customer (PENDING) unless the agent picks another status, and
 * an unowned ticket becomes the replying agent's.
 */
export async function replyToTicket(
  actor: AgentActor,
  change: TicketChange & { body: string; status?: AgentSettableStatus },
  db: PrismaClient = prisma(),
  now: Date = new Date(),
): Promise<TicketChangeResult & { messageId: string }> {
  return agentTransaction(actor, async (tx) => {
    const ticket = await loadTicket(tx, change.ticketId);
    if (ticket.version !== change.version) throw await versionConflict(tx, ticket.id, change.version);
    const { data, audit } = statusData(ticket, change.status ?? "PENDING", actor, now);
    if (!ticket.firstRespondedAt) data.firstRespondedAt = now;
    if (!ticket.assigneeId && !data.assigneeId) {
      data.assigneeId = actor.id;
      audit.unshift({ action: "ticket.assigned", field: "assignee", from: null, to: actor.id });
    }
    const version = await updateAtVersion(tx, ticket.id, change.version, data);
    const message = await tx.message.create({
      data: { ticketId: ticket.id, kind: "PUBLIC_REPLY", authorType: "AGENT", authorId: actor.id, body: change.body, createdAt: now },
      select: { id: true },
    });
    await writeAudit(tx, actor, ticket.id, [
      { action: "ticket.replied", data: { messageId: message.id, firstResponse: !ticket.firstRespondedAt } },
      ...audit,
    ]);
    await queueAgentReplied(tx, ticket, change.body);
    if ((change.status ?? "PENDING") === "RESOLVED" && ticket.status !== "RESOLVED") await queueTicketResolved(tx, ticket);
    return { version, changed: true, messageId: message.id };
  }, db);
}

/**
 * An internal note for agents only. It adds to the conversation without changing the ticket,
 * so it needs no version and leaves other agents' forms valid.
 */
export async function addInternalNote(
  actor: AgentActor,
  note: { ticketId: string; body: string },
  db: PrismaClient = prisma(),
): Promise<{ messageId: string }> {
  return agentTransaction(actor, async (tx) => {
    const ticket = await loadTicket(tx, note.ticketId);
    const message = await tx.message.create({
      data: { ticketId: ticket.id, kind: "INTERNAL_NOTE", authorType: "AGENT", authorId: actor.id, body: note.body },
      select: { id: true },
    });
    await writeAudit(tx, actor, ticket.id, [{ action: "ticket.note_added", data: { messageId: message.id } }]);
    return { messageId: message.id };
  }, db);
}
