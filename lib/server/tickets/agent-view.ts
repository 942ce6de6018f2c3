import "server-only";
import type { Prisma, PrismaClient } from "@/generated/prisma/client.ts";
import { AppError } from "@/lib/errors.ts";
import { agentRead, agentTransaction, type AgentActor } from "@/lib/server/auth/actor.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { isSlaBreached } from "@/lib/tickets/status.ts";
import type { TicketSummary } from "@/lib/tickets/ticket-summary.ts";
import type { LanguageCode, TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";

/** Everything an agent sees on a ticket page, dates as ISO strings (it crosses to the browser). */
export type AgentTicketView = TicketSummary & {
  description: string;
  startedAt: string | null;
  /** the category's form answers, as validated at intake */
  details: Record<string, unknown>;
  /** secrets were masked out of the customer's text at intake */
  masked: boolean;
  slaDueAt: string;
  firstRespondedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  version: number;
  breached: boolean;
  assignee: { id: string; name: string } | null;
  /** self-help steps the customer went through before filing, in order, and that flow's category */
  /** with the content revision each step was shown from, for its text as the customer saw it */
  stepsTried: { position: number; stepKey: string; answer: string | null; revisionId: string | null }[];
  selfHelpCategory: TicketCategoryCode | null;
  conversation: ConversationEntry[];
  history: HistoryEntry[];
};

export type ConversationEntry = {
  id: string;
  kind: "PUBLIC_REPLY" | "INTERNAL_NOTE";
  authorType: "CUSTOMER" | "AGENT" | "SYSTEM";
  authorName: string | null;
  body: string;
  masked: boolean;
  createdAt: string;
};

export type HistoryEntry = {
  id: string;
  action: string;
  field: string | null;
  /** assignee ids are shown as names */
  from: string | null;
  to: string | null;
  actorType: "CUSTOMER" | "AGENT" | "SYSTEM";
  actorName: string | null;
  createdAt: string;
};

/** The ticket with this reference as `actor` sees it; NOT_FOUND when there is none. */
export function ticketForAgent(actor: AgentActor, reference: string, db: PrismaClient = prisma()): Promise<AgentTicketView> {
  return agentTransaction(actor, (tx) => loadAgentTicketView(tx, actor, reference), db);
}

async function loadAgentTicketView(db: Prisma.TransactionClient, actor: AgentActor, reference: string): Promise<AgentTicketView> {
  const ticket = await db.ticket.findUnique({
    where: { reference: reference.toUpperCase() },
    select: {
      id: true, reference: true, status: true, priority: true, category: true, language: true, contactEmail: true,
      description: true, startedAt: true, details: true, masked: true, slaDueAt: true, firstRespondedAt: true,
      resolvedAt: true, closedAt: true, createdAt: true, version: true,
      assignee: { select: { id: true, name: true } },
      selfHelpSession: {
        // answers the customer went back past are not what they tried
        select: { category: true, steps: { where: { undoneAt: null }, orderBy: { position: "asc" }, select: { position: true, stepKey: true, answer: true, revisionId: true } } },
      },
      messages: {
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { id: true, kind: true, authorType: true, body: true, masked: true, createdAt: true, author: { select: { name: true } } },
      },
      auditEvents: {
        orderBy: { id: "asc" },
        select: {
          id: true, action: true, field: true, fromValue: true, toValue: true, actorType: true, createdAt: true,
          actor: { select: { name: true } },
        },
      },
    },
  });
  if (!ticket) throw new AppError("NOT_FOUND", { detail: `ticket ${reference} for agent ${actor.id}` });

  const assigneeIds = new Set(
    ticket.auditEvents
      .filter((event) => event.field === "assignee")
      .flatMap((event) => [event.fromValue, event.toValue])
      .filter((id): id is string => Boolean(id)),
  );
  const names = new Map(
    (await db.user.findMany({ where: { id: { in: [...assigneeIds] } }, select: { id: true, name: true } })).map((user) => [user.id, user.name]),
  );
  const shown = (field: string | null, value: string | null) => (value && field === "assignee" ? (names.get(value) ?? value) : value);

  const view = {
    id: ticket.id,
    reference: ticket.reference,
    status: ticket.status,
    priority: ticket.priority,
    category: ticket.category,
    language: ticket.language,
    contactEmail: ticket.contactEmail,
    description: ticket.description,
    startedAt: ticket.startedAt?.toISOString() ?? null,
    details: ticket.details && typeof ticket.details === "object" && !Array.isArray(ticket.details) ? (ticket.details as Record<string, unknown>) : {},
    masked: ticket.masked,
    slaDueAt: ticket.slaDueAt.toISOString(),
    firstRespondedAt: ticket.firstRespondedAt?.toISOString() ?? null,
    resolvedAt: ticket.resolvedAt?.toISOString() ?? null,
    closedAt: ticket.closedAt?.toISOString() ?? null,
    createdAt: ticket.createdAt.toISOString(),
    version: ticket.version,
    assignee: ticket.assignee,
    stepsTried: ticket.selfHelpSession?.steps ?? [],
    selfHelpCategory: ticket.selfHelpSession?.category ?? null,
    conversation: ticket.messages.map((message) => ({
      id: message.id,
      kind: message.kind,
      authorType: message.authorType,
      authorName: message.author?.name ?? null,
      body: message.body,
      masked: message.masked,
      createdAt: message.createdAt.toISOString(),
    })),
    history: ticket.auditEvents.map((event) => ({
      id: String(event.id),
      action: event.action,
      field: event.field,
      from: shown(event.field, event.fromValue),
      to: shown(event.field, event.toValue),
      actorType: event.actorType,
      actorName: event.actor?.name ?? null,
      createdAt: event.createdAt.toISOString(),
    })),
  };
  return { ...view, breached: isSlaBreached(view) };
}

export type AssignableAgent = { id: string; name: string };

/** Active agents, for "assign to". */
export function assignableAgents(actor: AgentActor, db: PrismaClient = prisma()): Promise<AssignableAgent[]> {
  return agentTransaction(
    actor,
    (tx) => tx.user.findMany({ where: { active: true }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db,
  );
}

export type CannedResponseOption = { id: string; title: string; body: string };

/** Active canned responses for the ticket's category (or any category) in the ticket's language. */
export function cannedResponsesFor(
  actor: AgentActor,
  ticket: { category: TicketCategoryCode; language: LanguageCode },
  db: PrismaClient = prisma(),
): Promise<CannedResponseOption[]> {
  return agentTransaction(
    actor,
    (tx) =>
      tx.cannedResponse.findMany({
        where: { active: true, language: ticket.language, OR: [{ category: ticket.category }, { category: null }] },
        orderBy: [{ category: { sort: "asc", nulls: "last" } }, { title: "asc" }],
        select: { id: true, title: true, body: true },
      }),
    db,
  );
}

/** The references of these tickets by id, for naming them in a bulk action's report. */
export async function ticketReferences(actor: AgentActor, ticketIds: string[], db: PrismaClient = prisma()): Promise<Map<string, string>> {
  const rows = await agentRead(actor, (reader) => reader.ticket.findMany({ where: { id: { in: ticketIds } }, select: { id: true, reference: true } }), db);
  return new Map(rows.map((row) => [row.id, row.reference]));
}
