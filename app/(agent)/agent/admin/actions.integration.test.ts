import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { actionOutcome, type ActionResponse } from "@/lib/actions/action-result.ts";
import { hashPassword } from "@/lib/server/auth/password.ts";
import { createTestDatabase, type TestDatabase } from "@/lib/server/db/test-database.ts";

// The request boundary (cookies, locale, cache revalidation) is stubbed; the session cookie is a
// real next-auth token naming a real agent_sessions row, and the actions, their session, role and
// step-up checks and the data access run for real against a test database.
const SECRET = "integration-test-secret";
const session = vi.hoisted(() => ({ cookies: [] as { name: string; value: string }[] }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": "198.51.100.20" }),
  cookies: async () => ({ getAll: () => session.cookies }),
}));
vi.mock("@/lib/i18n/request.ts", () => ({ requestLocale: async () => "en" }));
let database: TestDatabase;
vi.mock("@/lib/server/db/client.ts", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/db/client.ts")>()),
  prisma: () => database.prisma,
}));

const actions = await import("./actions.ts");
const { createAgentSession } = await import("@/lib/server/auth/sessions.ts");

/** Signs `userId` in (a second factor given now, as admins must), or signs out for null. */
async function signInAs(userId: string | null, options: { secondFactor?: boolean } = {}): Promise<string | null> {
  if (!userId) {
    session.cookies = [];
    return null;
  }
  const sid = await createAgentSession(
    { userId, method: "PASSWORD", secondFactorVerified: options.secondFactor ?? true, userAgent: "test", clientAddress: "198.51.100.20" },
    database.prisma,
  );
  session.cookies = [{ name: "next-auth.session-token", value: await encode({ token: { sub: userId, sid }, secret: SECRET }) }];
  return sid;
}

let adminId: string;
let agentId: string;
let cannedId: string;
let failedMailId: string;
beforeAll(async () => {
  vi.stubEnv("NEXTAUTH_SECRET", SECRET);
  database = await createTestDatabase();
  const passwordHash = await hashPassword("irrelevant-password");
  adminId = (await database.prisma.user.create({ data: { email: "admin@example.com", name: "Admin", role: "ADMIN", passwordHash } })).id;
  agentId = (await database.prisma.user.create({ data: { email: "agent@example.com", name: "Agent", role: "AGENT", passwordHash } })).id;
  cannedId = (await database.prisma.cannedResponse.create({ data: { language: "en", title: "Hi", body: "Hello" } })).id;
  failedMailId = (await database.prisma.outboxMessage.create({
    data: { kind: "TICKET_RECEIVED", toAddress: "c@example.com", language: "en", subject: "S", textBody: "T", htmlBody: "H", status: "FAILED" },
  })).id;
});
afterAll(async () => {
  await database.drop();
});
beforeEach(() => {
  session.cookies = [];
});

// A valid input for every exported action, so a refusal can only come from the session check.
// Adding an action without adding it here fails the first test.
const validInputs: Record<string, () => unknown> = {
  createAgentAction: () => ({ name: "New", email: "new@example.com", role: "ADMIN", password: "a-long-password" }),
  changeAgentRoleAction: () => ({ userId: agentId, role: "ADMIN" }),
  setAgentActiveAction: () => ({ userId: adminId, active: false }),
  saveCannedResponseAction: () => ({ category: "ALL", language: "en", title: "T", body: "B" }),
  setCannedResponseActiveAction: () => ({ id: cannedId, active: false }),
  updateSlaTargetsAction: () => ({ URGENT: 1, HIGH: 2, NORMAL: 3, LOW: 4 }),
  retryOutboxMessageAction: () => ({ id: failedMailId }),
  unlockAgentAction: () => ({ userId: agentId }),
  sendPasswordResetAction: () => ({ userId: agentId }),
  resetAgentFactorsAction: () => ({ userId: agentId }),
  endAgentSessionsAction: () => ({ userId: agentId }),
  updateSecurityPolicyAction: () => ({ mfaRequiredForAdmins: true, mfaRequiredForAll: true }),
};

async function snapshot() {
  const tables = await Promise.all([
    database.prisma.user.findMany({ orderBy: { id: "asc" } }),
    database.prisma.cannedResponse.findMany({ orderBy: { id: "asc" } }),
    database.prisma.slaTarget.findMany({ orderBy: { priority: "asc" } }),
    database.prisma.outboxMessage.findMany({ orderBy: { id: "asc" } }),
    database.prisma.auditEvent.count(),
    database.prisma.securityPolicy.findMany(),
    database.prisma.passwordReset.count(),
  ]);
  return JSON.stringify(tables);
}

type Action = (input: unknown) => Promise<ActionResponse<unknown>>;
const exported = Object.entries(actions) as [string, Action][];
const run = async (name: keyof typeof validInputs, input: unknown) => actionOutcome(await (actions[name as keyof typeof actions] as Action)(input));

describe("admin server actions", () => {
  it("are all covered by this test", () => {
    expect(exported.map(([name]) => name).sort()).toEqual(Object.keys(validInputs).sort());
  });

  it.each([
    ["anonymous", () => null, "UNAUTHENTICATED"],
    ["an agent", () => agentId, "FORBIDDEN"],
  ])("refuse %s without changing anything", async (_who, user, code) => {
    await signInAs(user());
    const before = await snapshot();
    for (const [name, action] of exported) {
      expect([name, actionOutcome(await action(validInputs[name]!()))]).toEqual([name, expect.objectContaining({ ok: false, code })]);
    }
    expect(await snapshot()).toBe(before);
  });

  it("refuse an admin whose account was deactivated after signing in", async () => {
    const formerId = (await database.prisma.user.create({
      data: { email: "former@example.com", name: "Former", role: "ADMIN", active: false, passwordHash: "x" },
    })).id;
    await signInAs(formerId);
    expect(await run("updateSlaTargetsAction", validInputs.updateSlaTargetsAction!())).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
  });

  it("let an admin through, with translated field errors for bad input", async () => {
    await signInAs(adminId);
    expect(await run("saveCannedResponseAction", { category: "ALL", language: "en", title: "", body: "{{nope}}" })).toEqual({
      ok: false,
      code: "VALIDATION_FAILED",
      message: "Some fields need your attention.",
      fieldErrors: { title: "Enter a title.", body: "This text uses a placeholder that does not exist. Use only the ones listed." },
    });
    expect(await run("createAgentAction", validInputs.createAgentAction!())).toEqual({ ok: true, data: { id: expect.any(String) } });
    expect(await run("createAgentAction", validInputs.createAgentAction!())).toEqual({
      ok: false,
      code: "CONFLICT",
      message: "An account with this email already exists.",
      fieldErrors: { email: "An account with this email already exists." },
    });
    expect(await run("setAgentActiveAction", { userId: adminId, active: false })).toEqual({
      ok: false,
      code: "CONFLICT",
      message: "You cannot deactivate your own account.",
    });
  });

  it("refuse the sensitive ones (role, factor reset, MFA policy) without a second factor from the last few minutes", async () => {
    const sid = await signInAs(adminId);
    await database.prisma.agentSession.update({ where: { id: sid! }, data: { secondFactorAt: new Date(Date.now() - 10 * 60_000) } });
    const before = await snapshot();
    for (const name of ["changeAgentRoleAction", "resetAgentFactorsAction", "updateSecurityPolicyAction"] as const) {
      expect([name, await run(name, validInputs[name]!())]).toEqual([name, expect.objectContaining({ ok: false, code: "STEP_UP_REQUIRED", message: "Confirm with your second factor to do this." })]);
    }
    expect(await snapshot()).toBe(before);
    // the same admin, a second factor given just now
    await database.prisma.agentSession.update({ where: { id: sid! }, data: { secondFactorAt: new Date() } });
    expect(await run("updateSecurityPolicyAction", { mfaRequiredForAdmins: true, mfaRequiredForAll: false })).toEqual({ ok: true, data: null });
    // the others only help an agent back in: no step-up
    await database.prisma.agentSession.update({ where: { id: sid! }, data: { secondFactorAt: new Date(Date.now() - 10 * 60_000) } });
    expect(await run("unlockAgentAction", { userId: agentId })).toEqual({ ok: true, data: null });
  });
});
