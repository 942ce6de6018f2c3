import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { isAppError } from "@/lib/errors.ts";
import { createTestDatabase, type TestDatabase } from "@/lib/server/db/test-database.ts";

// The request's cookies are the only thing faked: a real next-auth token (encoded with the secret)
// naming a real agent_sessions row, resolved against a test database.
const SECRET = "integration-test-secret";
const jar = vi.hoisted(() => ({ cookies: [] as { name: string; value: string }[] }));
vi.mock("next/headers", () => ({ cookies: async () => ({ getAll: () => jar.cookies }) }));
let database: TestDatabase;
vi.mock("@/lib/server/db/client.ts", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/db/client.ts")>()),
  prisma: () => database.prisma,
}));

const { currentAgent, pendingAgent, requireAdmin, requireAgent } = await import("./session.ts");
const { createAgentSession, endSession, markSecondFactor, resolveSession } = await import("./sessions.ts");

beforeAll(async () => {
  vi.stubEnv("NEXTAUTH_SECRET", SECRET);
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});
beforeEach(async () => {
  await database.prisma.agentSession.deleteMany();
  await database.prisma.secondFactor.deleteMany();
  await database.prisma.user.deleteMany();
  await database.prisma.securityPolicy.update({ where: { id: 1 }, data: { mfaRequiredForAdmins: true, mfaRequiredForAll: false } });
  jar.cookies = [];
});

async function cookieFor(userId: string, sessionId: string) {
  jar.cookies = [{ name: "next-auth.session-token", value: await encode({ token: { sub: userId, sid: sessionId }, secret: SECRET }) }];
}

async function signedInAs(role: "AGENT" | "ADMIN", options: { active?: boolean; secondFactor?: boolean; withFactor?: boolean } = {}) {
  const user = await database.prisma.user.create({
    data: { email: `${role.toLowerCase()}-${Math.random()}@example.com`, name: "Someone", role, active: options.active ?? true, passwordHash: "x" },
  });
  if (options.withFactor) await database.prisma.secondFactor.create({ data: { userId: user.id, kind: "TOTP", name: "app", confirmedAt: new Date(), totpSecret: "x" } });
  const sessionId = await createAgentSession(
    { userId: user.id, method: "PASSWORD", secondFactorVerified: options.secondFactor ?? role === "ADMIN", userAgent: "test", clientAddress: "192.0.2.1" },
    database.prisma,
  );
  await cookieFor(user.id, sessionId);
  return { user, sessionId };
}

const codeOf = (error: unknown) => (isAppError(error) ? error.code : error);

describe("session API", () => {
  it("is anonymous without a session cookie, or with one that is not ours", async () => {
    expect(await currentAgent()).toBeNull();
    expect(codeOf(await requireAgent().catch((e) => e))).toBe("UNAUTHENTICATED");
    expect(codeOf(await requireAdmin().catch((e) => e))).toBe("UNAUTHENTICATED");
    jar.cookies = [{ name: "next-auth.session-token", value: "forged" }];
    expect(await currentAgent()).toBeNull();
    jar.cookies = [{ name: "next-auth.session-token", value: await encode({ token: { sub: "x" }, secret: "another secret" }) }];
    expect(await currentAgent()).toBeNull();
  });

  it("returns the agent as stored now, with its session, and refuses admin-only work to an agent", async () => {
    const { user, sessionId } = await signedInAs("AGENT");
    const expected = { id: user.id, email: user.email, name: "Someone", role: "AGENT", sessionId };
    expect(await currentAgent()).toEqual(expected);
    expect(await requireAgent()).toEqual(expected);
    expect(codeOf(await requireAdmin().catch((e) => e))).toBe("FORBIDDEN");
  });

  it("refuses a cookie whose session was ended (sign-out), even though the token itself is still valid", async () => {
    const { sessionId } = await signedInAs("AGENT");
    await endSession(sessionId, "signed-out", database.prisma);
    expect(await currentAgent()).toBeNull();
    expect(codeOf(await requireAgent().catch((e) => e))).toBe("UNAUTHENTICATED");
  });

  it("refuses a token whose user id is not its session's", async () => {
    const { sessionId } = await signedInAs("AGENT");
    const other = await database.prisma.user.create({ data: { email: "other@example.com", name: "Other", passwordHash: "x" } });
    await cookieFor(other.id, sessionId);
    expect(await currentAgent()).toBeNull();
  });

  it("stops honouring a session once the account is deactivated or deleted", async () => {
    const { user } = await signedInAs("AGENT");
    await database.prisma.user.update({ where: { id: user.id }, data: { active: false } });
    expect(await currentAgent()).toBeNull();
    await database.prisma.user.delete({ where: { id: user.id } });
    expect(await currentAgent()).toBeNull();
  });

  it("uses the role in the database, not the one in the token", async () => {
    const { user } = await signedInAs("ADMIN");
    await database.prisma.user.update({ where: { id: user.id }, data: { role: "AGENT" } });
    expect((await requireAgent()).role).toBe("AGENT");
    expect(codeOf(await requireAdmin().catch((e) => e))).toBe("FORBIDDEN");
  });

  it("ends a session at its absolute lifetime and after the idle timeout", async () => {
    const { sessionId } = await signedInAs("AGENT");
    const row = await database.prisma.agentSession.findUniqueOrThrow({ where: { id: sessionId } });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(12 * 3_600_000);
    // 59 minutes without a request: still open; a request then counts as activity
    const later = new Date(row.lastSeenAt.getTime() + 59 * 60_000);
    expect((await resolveSession(sessionId, {}, database.prisma, later))?.status).toBe("active");
    // 60 idle minutes after that: ended for good
    expect(await resolveSession(sessionId, {}, database.prisma, new Date(later.getTime() + 60 * 60_000))).toBeNull();
    expect((await database.prisma.agentSession.findUniqueOrThrow({ where: { id: sessionId } })).endReason).toBe("idle");
    expect(await currentAgent()).toBeNull();

    const { sessionId: busy } = await signedInAs("AGENT");
    const start = (await database.prisma.agentSession.findUniqueOrThrow({ where: { id: busy } })).createdAt;
    // a request every 50 minutes keeps it from idling out, but not past 12 hours
    for (let minutes = 50; minutes < 12 * 60; minutes += 50) {
      expect((await resolveSession(busy, {}, database.prisma, new Date(start.getTime() + minutes * 60_000)))?.status).toBe("active");
    }
    expect(await resolveSession(busy, {}, database.prisma, new Date(start.getTime() + 12 * 3_600_000))).toBeNull();
    expect((await database.prisma.agentSession.findUniqueOrThrow({ where: { id: busy } })).endReason).toBe("expired");
  });

  it("does not count passive requests (live stream, heartbeats) as activity", async () => {
    const { sessionId } = await signedInAs("AGENT");
    const row = await database.prisma.agentSession.findUniqueOrThrow({ where: { id: sessionId } });
    await resolveSession(sessionId, { touch: false }, database.prisma, new Date(row.lastSeenAt.getTime() + 30 * 60_000));
    expect((await database.prisma.agentSession.findUniqueOrThrow({ where: { id: sessionId } })).lastSeenAt).toEqual(row.lastSeenAt);
  });

  it("holds an admin without a second factor at sign-in: no ticket, action or API until one is enrolled", async () => {
    const { user, sessionId } = await signedInAs("ADMIN", { secondFactor: false });
    expect(await currentAgent()).toBeNull();
    expect(codeOf(await requireAgent().catch((e) => e))).toBe("SECOND_FACTOR_REQUIRED");
    expect(await pendingAgent()).toEqual({ id: user.id, email: user.email, name: "Someone", role: "ADMIN", sessionId, mustEnrol: true });
    await markSecondFactor(sessionId, database.prisma);
    expect((await requireAdmin()).id).toBe(user.id);
  });

  it("asks an agent who enrolled a factor for it, and everyone once the policy says so", async () => {
    await signedInAs("AGENT", { withFactor: true });
    expect((await pendingAgent())?.mustEnrol).toBe(false);
    await signedInAs("AGENT");
    expect(await currentAgent()).not.toBeNull();
    await database.prisma.securityPolicy.update({ where: { id: 1 }, data: { mfaRequiredForAll: true } });
    expect(await currentAgent()).toBeNull();
    expect((await pendingAgent())?.mustEnrol).toBe(true);
  });

  it("refuses a sensitive action without a second factor from the last few minutes (step-up)", async () => {
    const { sessionId } = await signedInAs("AGENT", { secondFactor: false });
    expect(codeOf(await requireAgent({ stepUp: true }).catch((e) => e))).toBe("STEP_UP_REQUIRED");
    await markSecondFactor(sessionId, database.prisma);
    expect((await requireAgent({ stepUp: true })).sessionId).toBe(sessionId);
    await database.prisma.agentSession.update({ where: { id: sessionId }, data: { secondFactorAt: new Date(Date.now() - 6 * 60_000) } });
    expect(codeOf(await requireAgent({ stepUp: true }).catch((e) => e))).toBe("STEP_UP_REQUIRED");
    expect(codeOf(await requireAdmin({ stepUp: true }).catch((e) => e))).toBe("FORBIDDEN");
  });
});
