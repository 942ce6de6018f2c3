import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { isAppError } from "@/lib/errors.ts";
import { hashPassword, verifyPassword } from "@/lib/server/auth/password.ts";
import { loadAgentActor, type AgentActor } from "@/lib/server/auth/actor.ts";
import { cannedResponsesFor } from "@/lib/server/tickets/agent-view.ts";
import { createTestDatabase, type TestDatabase } from "@/lib/server/db/test-database.ts";
import { changeAgentRole, createAgent, listAgents, setAgentActive } from "./agents.ts";
import { getCannedResponse, listCannedResponses, saveCannedResponse, setCannedResponseActive } from "./canned-responses.ts";
import { listSlaTargets, updateSlaTargets } from "./sla-targets.ts";

let database: TestDatabase;
let passwordHash: string;
beforeAll(async () => {
  database = await createTestDatabase();
  passwordHash = await hashPassword("irrelevant-password");
});
afterAll(async () => {
  await database.drop();
});
beforeEach(async () => {
  await database.prisma.auditEvent.deleteMany();
  await database.prisma.cannedResponse.deleteMany();
  await database.prisma.user.deleteMany();
});

async function account(role: "AGENT" | "ADMIN", name: string, active = true): Promise<AgentActor> {
  const user = await database.prisma.user.create({ data: { email: `${name.toLowerCase()}@example.com`, name, role, passwordHash } });
  const actor = (await loadAgentActor(user.id, database.prisma))!;
  // deactivated after signing in, as an admin would deactivate a colleague
  if (!active) await database.prisma.user.update({ where: { id: user.id }, data: { active: false } });
  return actor;
}

const codeOf = (error: unknown) => (isAppError(error) ? error.code : error instanceof z.ZodError ? "ZOD" : error);
const failure = (promise: Promise<unknown>) => promise.then(() => "resolved", codeOf);

async function snapshot() {
  const [users, canned, sla, audit] = await Promise.all([
    database.prisma.user.findMany({ orderBy: { id: "asc" } }),
    database.prisma.cannedResponse.findMany({ orderBy: { id: "asc" } }),
    database.prisma.slaTarget.findMany({ orderBy: { priority: "asc" } }),
    database.prisma.auditEvent.count(),
  ]);
  return JSON.stringify({ users, canned, sla, audit });
}

describe("admin data access refuses anyone but an active admin", () => {
  it("refuses an agent and a deactivated admin, changing nothing", async () => {
    const agent = await account("AGENT", "Agent");
    const formerAdmin = await account("ADMIN", "Former", false);
    await account("ADMIN", "Admin");
    const canned = await database.prisma.cannedResponse.create({ data: { language: "en", title: "Hi", body: "Hello" } });
    const before = await snapshot();
    for (const actor of [agent, formerAdmin]) {
      const calls = [
        listAgents(actor, database.prisma),
        createAgent(actor, { name: "X", email: "x@example.com", role: "ADMIN", password: "a-long-password" }, database.prisma),
        changeAgentRole(actor, { userId: actor.id, role: "ADMIN" }, database.prisma),
        setAgentActive(actor, { userId: actor.id, active: true }, database.prisma),
        listCannedResponses(actor, database.prisma),
        getCannedResponse(actor, canned.id, database.prisma),
        saveCannedResponse(actor, { category: "ALL", language: "en", title: "T", body: "B" }, database.prisma),
        setCannedResponseActive(actor, { id: canned.id, active: false }, database.prisma),
        listSlaTargets(actor, database.prisma),
        updateSlaTargets(actor, { URGENT: 1, HIGH: 2, NORMAL: 3, LOW: 4 }, database.prisma),
      ];
      expect(await Promise.all(calls.map(failure))).toEqual(calls.map(() => "FORBIDDEN"));
    }
    expect(await snapshot()).toBe(before);
  });
});

describe("agents", () => {
  it("creates an account with a hashed password and an audit event outside any ticket", async () => {
    const admin = await account("ADMIN", "Admin");
    const created = await createAgent(admin, { name: " Mika ", email: "Mika@Example.com", role: "AGENT", password: "initial-password-1" }, database.prisma);
    expect(created).toMatchObject({ email: "mika@example.com", name: "Mika", role: "AGENT", active: true, failedSignIns: 0, factorCount: 0 });
    const stored = await database.prisma.user.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored.passwordHash, "initial-password-1")).toBe(true);
    const events = await database.prisma.auditEvent.findMany();
    expect(events).toMatchObject([{ ticketId: null, actorType: "AGENT", actorId: admin.id, action: "user.created", toValue: created.id }]);

    const duplicate = await createAgent(admin, { name: "Again", email: "MIKA@example.com", role: "AGENT", password: "initial-password-1" }, database.prisma).catch((e) => e);
    expect(codeOf(duplicate)).toBe("CONFLICT");
    expect(duplicate.params).toMatchObject({ field: "email", fieldMessage: "emailTaken" });
    expect(codeOf(await createAgent(admin, { name: "", email: "bad", role: "BOSS", password: "short" }, database.prisma).catch((e) => e))).toBe("ZOD");
  });

  it("changes roles and (de)activates accounts, keeping at least one active admin", async () => {
    const admin = await account("ADMIN", "Admin");
    const agent = await account("AGENT", "Agent");
    expect(await failure(changeAgentRole(admin, { userId: admin.id, role: "AGENT" }, database.prisma))).toBe("CONFLICT");
    expect(await failure(setAgentActive(admin, { userId: admin.id, active: false }, database.prisma))).toBe("CONFLICT");

    expect((await changeAgentRole(admin, { userId: agent.id, role: "ADMIN" }, database.prisma)).role).toBe("ADMIN");
    // now there are two admins: the first may step down, but still not deactivate themselves
    expect((await changeAgentRole(admin, { userId: admin.id, role: "AGENT" }, database.prisma)).role).toBe("AGENT");
    expect(await failure(setAgentActive({ ...agent, role: "ADMIN" }, { userId: agent.id, active: false }, database.prisma))).toBe("CONFLICT");

    await database.prisma.user.update({ where: { id: agent.id }, data: { failedSignIns: 7 } });
    const newAdmin = { ...agent, role: "ADMIN" as const };
    expect((await setAgentActive(newAdmin, { userId: admin.id, active: false }, database.prisma)).active).toBe(false);
    expect((await setAgentActive(newAdmin, { userId: admin.id, active: true }, database.prisma)).active).toBe(true);
    expect(await failure(changeAgentRole(newAdmin, { userId: "00000000-0000-4000-8000-000000000000", role: "AGENT" }, database.prisma))).toBe("NOT_FOUND");

    const actions = (await database.prisma.auditEvent.findMany({ orderBy: { id: "asc" } })).map((event) => [event.action, event.fromValue, event.toValue]);
    expect(actions).toEqual([
      ["user.role_changed", "AGENT", "ADMIN"],
      ["user.role_changed", "ADMIN", "AGENT"],
      ["user.deactivated", "true", "false"],
      ["user.reactivated", "false", "true"],
    ]);
    const list = await listAgents(newAdmin, database.prisma);
    expect(list.map((user) => [user.name, user.role, user.active, user.failedSignIns, user.factorCount])).toEqual([
      ["Admin", "AGENT", true, 0, 0],
      ["Agent", "ADMIN", true, 7, 0],
    ]);
  });

  it("never ends up without an active admin when two admins deactivate each other at once", async () => {
    const first = await account("ADMIN", "First");
    const second = await account("ADMIN", "Second");
    const results = await Promise.all([
      failure(setAgentActive(first, { userId: second.id, active: false }, database.prisma)),
      failure(setAgentActive(second, { userId: first.id, active: false }, database.prisma)),
    ]);
    // one wins; the other is refused, either as the last admin or as no longer an active admin
    expect(results.filter((result) => result === "resolved")).toHaveLength(1);
    expect(await database.prisma.user.count({ where: { role: "ADMIN", active: true } })).toBe(1);
  });
});

describe("canned responses", () => {
  it("creates, edits and deactivates, and offers the active ones of the ticket's category and language", async () => {
    const admin = await account("ADMIN", "Admin");
    const agent = await account("AGENT", "Agent");
    const general = await saveCannedResponse(admin, { category: "ALL", language: "en", title: "Greeting", body: "Hello, about {{reference}}" }, database.prisma);
    expect(general.category).toBeNull();
    const sms = await saveCannedResponse(admin, { category: "SMS", language: "en", title: "Wait before resend", body: "Wait 2 minutes." }, database.prisma);
    await saveCannedResponse(admin, { category: "SMS", language: "ja", title: "再送まで待つ", body: "2分お待ちください。" }, database.prisma);
    await saveCannedResponse(admin, { category: "EMAIL", language: "en", title: "Spam folder", body: "Check spam." }, database.prisma);

    const edited = await saveCannedResponse(admin, { id: sms.id, category: "SMS", language: "en", title: "Resend once", body: "Wait, then resend once ({{agentName}})." }, database.prisma);
    expect(edited).toMatchObject({ id: sms.id, title: "Resend once" });
    expect(codeOf(await saveCannedResponse(admin, { category: "ALL", language: "en", title: "Typo", body: "{{refernce}}" }, database.prisma).catch((e) => e))).toBe("ZOD");

    expect((await cannedResponsesFor(agent, { category: "SMS", language: "en" }, database.prisma)).map((r) => r.title)).toEqual(["Resend once", "Greeting"]);
    await setCannedResponseActive(admin, { id: general.id, active: false }, database.prisma);
    expect((await cannedResponsesFor(agent, { category: "SMS", language: "en" }, database.prisma)).map((r) => r.title)).toEqual(["Resend once"]);
    expect((await cannedResponsesFor(agent, { category: "SMS", language: "ja" }, database.prisma)).map((r) => r.title)).toEqual(["再送まで待つ"]);
    await database.prisma.user.update({ where: { id: agent.id }, data: { active: false } });
    expect(await failure(cannedResponsesFor(agent, { category: "SMS", language: "en" }, database.prisma))).toBe("UNAUTHENTICATED");

    const events = await database.prisma.auditEvent.findMany({ orderBy: { id: "asc" } });
    expect(events.map((event) => event.action)).toEqual([
      "canned_response.created", "canned_response.created", "canned_response.created", "canned_response.created",
      "canned_response.updated", "canned_response.deactivated",
    ]);
    expect(events[4]!.data).toEqual({ changed: ["title", "body"] });
    expect(events.every((event) => event.ticketId === null && event.actorId === admin.id)).toBe(true);
  });
});

describe("SLA targets", () => {
  it("lists the seeded defaults and records each changed priority", async () => {
    const admin = await account("ADMIN", "Admin");
    expect((await listSlaTargets(admin, database.prisma)).map((target) => [target.priority, target.firstResponseMinutes])).toEqual([
      ["URGENT", 60], ["HIGH", 240], ["NORMAL", 1440], ["LOW", 4320],
    ]);
    await updateSlaTargets(admin, { URGENT: "30", HIGH: 240, NORMAL: 1440, LOW: 2880 }, database.prisma);
    const targets = await listSlaTargets(admin, database.prisma);
    expect(targets.map((target) => [target.priority, target.firstResponseMinutes])).toEqual([
      ["URGENT", 30], ["HIGH", 240], ["NORMAL", 1440], ["LOW", 2880],
    ]);
    expect(targets[0]!.updatedBy).toBe("Admin");
    const events = await database.prisma.auditEvent.findMany({ orderBy: { id: "asc" } });
    expect(events.map((event) => [event.action, event.field, event.fromValue, event.toValue])).toEqual([
      ["sla_target.changed", "first_response_minutes.URGENT", "60", "30"],
      ["sla_target.changed", "first_response_minutes.LOW", "4320", "2880"],
    ]);
    expect(codeOf(await updateSlaTargets(admin, { URGENT: 0, HIGH: 1.5, NORMAL: 1, LOW: 99999 }, database.prisma).catch((e) => e))).toBe("ZOD");
  });
});
