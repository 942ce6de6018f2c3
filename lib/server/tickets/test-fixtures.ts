// Building blocks for integration tests of the agent dashboard: agents and tickets written
// straight to a test database (createTestDatabase()).
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/generated/prisma/client.ts";
import { loadAgentActor, type AgentActor } from "@/lib/server/auth/actor.ts";
import { generateReference } from "@/lib/server/tickets/reference.ts";
import { hashStatusToken } from "@/lib/server/tickets/status-link.ts";
import type { PriorityCode } from "@/lib/tickets/priority.ts";
import type { TicketStatusCode } from "@/lib/tickets/status.ts";
import type { LanguageCode, TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";

/**
 * An agent account and its actor, made the way the app makes one (loadAgentActor). An inactive
 * account is deactivated only after its actor was made, as for an agent deactivated mid-session.
 */
export async function createAgent(
  db: PrismaClient,
  name: string,
  options: { role?: "AGENT" | "EDITOR" | "ADMIN"; active?: boolean } = {},
): Promise<AgentActor> {
  const email = `${name.toLowerCase().replace(/\W+/g, ".")}.${randomUUID().slice(0, 8)}@agents.test`;
  const user = await db.user.create({
    data: { email, name, role: options.role ?? "AGENT", passwordHash: "not-used-in-tests" },
    select: { id: true },
  });
  const actor = await loadAgentActor(user.id, db);
  if (!actor) throw new Error(`test agent ${user.id} could not be loaded`);
  if (options.active === false) await db.user.update({ where: { id: user.id }, data: { active: false } });
  return actor;
}

export type TestTicketInput = {
  status?: TicketStatusCode;
  priority?: PriorityCode;
  category?: TicketCategoryCode;
  language?: LanguageCode;
  contactEmail?: string;
  description?: string;
  slaDueAt?: Date;
  createdAt?: Date;
  firstRespondedAt?: Date | null;
  assigneeId?: string | null;
};

export type TestTicket = { id: string; reference: string; version: number; slaDueAt: Date };

function ticketRow(input: TestTicketInput, index: number) {
  const id = randomUUID();
  const createdAt = input.createdAt ?? new Date(Date.now() - 60 * 60_000);
  return {
    id,
    reference: generateReference(),
    // the status link token of a test ticket is `test-token-<id>`
    statusTokenHash: hashStatusToken(`test-token-${id}`),
    category: input.category ?? "EMAIL",
    status: input.status ?? "NEW",
    priority: input.priority ?? "NORMAL",
    contactEmail: input.contactEmail ?? `customer${index}@example.com`,
    language: input.language ?? "en",
    description: input.description ?? `Verification mail does not arrive (test ticket ${index})`,
    details: {},
    slaDueAt: input.slaDueAt ?? new Date(createdAt.getTime() + 24 * 60 * 60_000),
    firstRespondedAt: input.firstRespondedAt ?? null,
    assigneeId: input.assigneeId ?? null,
    createdAt,
    updatedAt: createdAt,
  };
}

export async function createTicket(db: PrismaClient, input: TestTicketInput = {}): Promise<TestTicket> {
  const [ticket] = await createTickets(db, [input]);
  return ticket!;
}

/** Many tickets in one statement; returns them in input order. */
export async function createTickets(db: PrismaClient, inputs: TestTicketInput[]): Promise<TestTicket[]> {
  const rows = inputs.map((input, index) => ticketRow(input, index));
  await db.ticket.createMany({ data: rows });
  return rows.map((row) => ({ id: row.id, reference: row.reference, version: 1, slaDueAt: row.slaDueAt }));
}

/**
 * An agent signed in the way the app signs one in: an agent_sessions row and the actor resolved
 * from it (lib/server/auth/sessions.ts), so step-up and session checks apply. `secondFactor`
 * marks a second factor as given at sign-in.
 */
export async function createSignedInAgent(
  db: PrismaClient,
  name: string,
  options: { role?: "AGENT" | "ADMIN"; secondFactor?: boolean } = {},
): Promise<AgentActor> {
  const { createAgentSession, resolveSession } = await import("@/lib/server/auth/sessions.ts");
  const base = await createAgent(db, name, { role: options.role });
  return signInAgain(db, base, options.secondFactor ?? true, createAgentSession, resolveSession);
}

async function signInAgain(
  db: PrismaClient,
  base: AgentActor,
  secondFactor: boolean,
  create: typeof import("@/lib/server/auth/sessions.ts").createAgentSession,
  resolve: typeof import("@/lib/server/auth/sessions.ts").resolveSession,
): Promise<AgentActor> {
  const sessionId = await create({ userId: base.id, method: "PASSWORD", secondFactorVerified: secondFactor, userAgent: "test", clientAddress: "192.0.2.10" }, db);
  const resolved = await resolve(sessionId, {}, db);
  if (resolved?.status !== "active") throw new Error(`test session for ${base.id} is not active`);
  return resolved.actor;
}
