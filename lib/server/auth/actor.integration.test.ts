import { beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors.ts";
import { listAgents, setAgentActive } from "@/lib/server/admin/agents.ts";
import { listCannedResponses } from "@/lib/server/admin/canned-responses.ts";
import { outboxOverview } from "@/lib/server/admin/outbox.ts";
import { listSlaTargets, updateSlaTargets } from "@/lib/server/admin/sla-targets.ts";
import { findViewableAttachment, listTicketAttachments } from "@/lib/server/attachments/access.ts";
import { databaseForThisFile } from "@/lib/server/db/test-database-hooks.ts";
import { ticketMetrics } from "@/lib/server/metrics/ticket-metrics.ts";
import {
  addInternalNote,
  assignTicket,
  changeTicketCategory,
  changeTicketPriority,
  changeTicketStatus,
  claimTicket,
  replyToTicket,
} from "@/lib/server/tickets/agent-actions.ts";
import { assignableAgents, cannedResponsesFor, ticketForAgent, ticketReferences } from "@/lib/server/tickets/agent-view.ts";
import { leaveTicket, otherViewers, recordPresence } from "@/lib/server/tickets/presence.ts";
import { countByStatus, listQueue, openQueueExport } from "@/lib/server/tickets/queue.ts";
import { createAgent, createTicket, type TestTicket } from "@/lib/server/tickets/test-fixtures.ts";
import {
  addDraftStep,
  contentEditorView,
  contentOverview,
  contentRevision,
  discardDraft,
  markLanguageChecked,
  publishDraft,
  removeDraftStep,
  rollbackToRevision,
  saveDraftStep,
  startDraft,
  stepFigures,
} from "@/lib/server/self-help/editor.ts";
import { publishedFlow } from "@/lib/server/self-help/content.ts";
import { parseQueueQuery } from "@/lib/validation/queue.ts";
import { loadAgentActor, type AgentActor } from "./actor.ts";

const database = databaseForThisFile();
let ticket: TestTicket;
beforeAll(async () => {
  ticket = await createTicket(database.prisma, { status: "NEW" });
});

const codeOf = (promise: Promise<unknown>) => promise.then(() => "allowed", (error: unknown) => (isAppError(error) ? error.code : String(error)));

const queue = () => {
  const parsed = parseQueueQuery(new URLSearchParams());
  if (!parsed.success) throw new Error("default queue query did not parse");
  return parsed.query;
};

/** Every agent data function, called the way its page, action or route calls it. */
function agentCalls(actor: AgentActor): [string, () => Promise<unknown>][] {
  const db = database.prisma;
  const seen = { ticketId: ticket.id, version: ticket.version };
  return [
    ["ticketForAgent", () => ticketForAgent(actor, ticket.reference, db)],
    ["assignableAgents", () => assignableAgents(actor, db)],
    ["cannedResponsesFor", () => cannedResponsesFor(actor, { category: "EMAIL", language: "en" }, db)],
    ["ticketReferences", () => ticketReferences(actor, [ticket.id], db)],
    ["listQueue", () => listQueue(actor, queue(), db)],
    ["countByStatus", () => countByStatus(actor, queue(), db)],
    ["openQueueExport", () => openQueueExport(actor, queue(), { maxRows: 100, filtersText: "" }, db)],
    ["ticketMetrics", () => ticketMetrics(actor, { from: "2026-11-01", to: "2026-11-30" }, { timeZone: "Asia/Tokyo" }, db)],
    ["recordPresence", () => recordPresence(actor, ticket.id, db)],
    ["otherViewers", () => otherViewers(actor, ticket.id, db)],
    ["leaveTicket", () => leaveTicket(actor, ticket.id, db)],
    ["claimTicket", () => claimTicket(actor, seen, db)],
    ["assignTicket", () => assignTicket(actor, { ...seen, assigneeId: actor.id }, db)],
    ["changeTicketStatus", () => changeTicketStatus(actor, { ...seen, status: "PENDING" }, db)],
    ["changeTicketPriority", () => changeTicketPriority(actor, { ...seen, priority: "HIGH" }, db)],
    ["changeTicketCategory", () => changeTicketCategory(actor, { ...seen, category: "SMS" }, db)],
    ["replyToTicket", () => replyToTicket(actor, { ...seen, body: "A reply that must not be stored." }, db)],
    ["addInternalNote", () => addInternalNote(actor, { ticketId: ticket.id, body: "A note that must not be stored." }, db)],
    ["listTicketAttachments", () => listTicketAttachments({ kind: "agent", actor }, ticket.id, db)],
    ["findViewableAttachment", () => findViewableAttachment({ kind: "agent", actor }, "00000000-0000-4000-8000-000000000000", db)],
  ];
}

function adminCalls(actor: AgentActor): [string, () => Promise<unknown>][] {
  const db = database.prisma;
  return [
    ["listAgents", () => listAgents(actor, db)],
    ["listCannedResponses", () => listCannedResponses(actor, db)],
    ["listSlaTargets", () => listSlaTargets(actor, db)],
    ["outboxOverview", () => outboxOverview(actor, { hiddenLinkLabel: "(link)" }, db)],
    ["updateSlaTargets", () => updateSlaTargets(actor, { URGENT: 61, HIGH: 241, NORMAL: 1441, LOW: 4321 }, db)],
  ];
}

/** Every content-editor data function; the draft ones find no draft, which only an allowed actor gets to learn. */
function editorCalls(actor: AgentActor, live: { id: string }): [string, () => Promise<unknown>][] {
  const db = database.prisma;
  const version = new Date().toISOString();
  const step = {
    category: "ACCOUNT" as const, stepKey: "account.symptom", version, titleJa: "どのような状況ですか", titleEn: "What is happening?",
    bodyJa: ["本文"], bodyEn: ["Text"], checklistJa: [], checklistEn: [], urgent: false,
    answers: [{ value: "SOLVED", labelJa: "解決", labelEn: "Solved", next: "", prefill: undefined }],
  };
  return [
    ["contentOverview", () => contentOverview(actor, db)],
    ["contentEditorView", () => contentEditorView(actor, "ACCOUNT", db)],
    ["contentRevision", () => contentRevision(actor, "ACCOUNT", live.id, db)],
    ["stepFigures", () => stepFigures(actor, "ACCOUNT", [live.id], db)],
    ["saveDraftStep", () => saveDraftStep(actor, step, db)],
    ["addDraftStep", () => addDraftStep(actor, { category: "ACCOUNT", name: "never-added", titleJa: "追加しない", titleEn: "Not added" }, db)],
    ["removeDraftStep", () => removeDraftStep(actor, { category: "ACCOUNT", stepKey: "account.symptom" }, db)],
    ["markLanguageChecked", () => markLanguageChecked(actor, { category: "ACCOUNT", stepKey: "account.symptom", language: "en" }, db)],
    ["publishDraft", () => publishDraft(actor, { category: "ACCOUNT", version }, db)],
    ["discardDraft", () => discardDraft(actor, "ACCOUNT", db)],
    ["rollbackToRevision", () => rollbackToRevision(actor, { category: "ACCOUNT", revisionId: "00000000-0000-4000-8000-000000000000" }, db)],
    ["startDraft", () => startDraft(actor, "ACCOUNT", db)],
  ];
}

async function outcomes(calls: [string, () => Promise<unknown>][]) {
  const results: Record<string, string> = {};
  for (const [name, call] of calls) results[name] = await codeOf(call());
  return results;
}

describe("the actor inside the data", () => {
  it("only comes from an active account", async () => {
    const agent = await createAgent(database.prisma, "Kept Out", { active: false });
    expect(await loadAgentActor(agent.id, database.prisma)).toBeNull();
    expect(await loadAgentActor("not-a-uuid", database.prisma)).toBeNull();
  });

  it("refuses an agent deactivated after the actor was made, in every agent data function, and changes nothing", async () => {
    const actor = await createAgent(database.prisma, "Mika Mori");
    // the same functions work while the account is active
    expect((await outcomes(agentCalls(actor))).ticketForAgent).toBe("allowed");

    const before = await database.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id }, include: { messages: true, auditEvents: true } });
    await database.prisma.user.update({ where: { id: actor.id }, data: { active: false } });
    const refused = await outcomes(agentCalls(actor));
    expect(refused).toEqual(Object.fromEntries(agentCalls(actor).map(([name]) => [name, "UNAUTHENTICATED"])));
    const after = await database.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id }, include: { messages: true, auditEvents: true } });
    expect(after).toEqual(before);
    expect(await database.prisma.ticketPresence.count({ where: { userId: actor.id } })).toBe(0);
  });

  it("refuses an admin demoted or deactivated after the actor was made, in every admin data function", async () => {
    const demoted = await createAgent(database.prisma, "Demoted Admin", { role: "ADMIN" });
    const deactivated = await createAgent(database.prisma, "Departed Admin", { role: "ADMIN" });
    const remaining = await createAgent(database.prisma, "Remaining Admin", { role: "ADMIN" });
    expect(Object.values(await outcomes(adminCalls(demoted)))).toEqual(adminCalls(demoted).map(() => "allowed"));

    await database.prisma.user.update({ where: { id: demoted.id }, data: { role: "AGENT" } });
    await setAgentActive(remaining, { userId: deactivated.id, active: false }, database.prisma);
    for (const actor of [demoted, deactivated]) {
      expect(await outcomes(adminCalls(actor))).toEqual(Object.fromEntries(adminCalls(actor).map(([name]) => [name, "FORBIDDEN"])));
    }
    // the demoted account is still an agent and may do agent work
    expect(await codeOf(ticketForAgent(demoted, ticket.reference, database.prisma))).toBe("allowed");
  });

  it("refuses an editor demoted or deactivated after the actor was made, in every content-editor data function, and changes nothing", async () => {
    const live = { id: (await publishedFlow("ACCOUNT", database.prisma)).revisionId };
    const demoted = await createAgent(database.prisma, "Demoted Editor", { role: "EDITOR" });
    const deactivated = await createAgent(database.prisma, "Departed Editor", { role: "EDITOR" });
    // while allowed, the calls get as far as the (missing) draft
    expect((await outcomes(editorCalls(demoted, live))).contentOverview).toBe("allowed");
    await database.prisma.selfHelpRevision.deleteMany({ where: { category: "ACCOUNT", state: "DRAFT" } });
    const revisions = await database.prisma.selfHelpRevision.count();

    await database.prisma.user.update({ where: { id: demoted.id }, data: { role: "AGENT" } });
    await database.prisma.user.update({ where: { id: deactivated.id }, data: { active: false } });
    for (const actor of [demoted, deactivated]) {
      const expected = Object.fromEntries(editorCalls(actor, live).map(([name]) => [name, "FORBIDDEN"]));
      expect(await outcomes(editorCalls(actor, live))).toEqual(expected);
    }
    expect(await database.prisma.selfHelpRevision.count()).toBe(revisions);
  });
});
