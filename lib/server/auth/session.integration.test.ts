import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { isAppError } from "@/lib/errors.ts";
import { createTestDatabase, type TestDatabase } from "@/lib/server/db/test-database.ts";

// The session cookie is read through next-auth's getServerSession; everything after that (the
// database re-check) runs for real against a test database.
const sessionUser = vi.hoisted(() => ({ current: null as null | { id?: string; role?: string } }));
vi.mock("next-auth/next", () => ({
  getServerSession: async () => (sessionUser.current ? { user: sessionUser.current, expires: "2099-01-01T00:00:00Z" } : null),
}));
let database: TestDatabase;
vi.mock("@/lib/server/db/client.ts", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/db/client.ts")>()),
  prisma: () => database.prisma,
}));

const { currentAgent, requireAdmin, requireAgent } = await import("./session.ts");

beforeAll(async () => {
  vi.stubEnv("NEXTAUTH_SECRET", "integration-test-secret");
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});
beforeEach(async () => {
  await database.prisma.user.deleteMany();
  sessionUser.current = null;
});

async function signedInAs(role: "AGENT" | "ADMIN", active = true) {
  const user = await database.prisma.user.create({
    data: { email: `${role.toLowerCase()}-${Math.random()}@example.com`, name: "Someone", role, active, passwordHash: "x" },
  });
  sessionUser.current = { id: user.id, role };
  return user;
}

const codeOf = (error: unknown) => (isAppError(error) ? error.code : error);

describe("session API", () => {
  it("is anonymous without a session", async () => {
    expect(await currentAgent()).toBeNull();
    expect(codeOf(await requireAgent().catch((e) => e))).toBe("UNAUTHENTICATED");
    expect(codeOf(await requireAdmin().catch((e) => e))).toBe("UNAUTHENTICATED");
  });

  it("returns the agent as stored now, and refuses admin-only work to an agent", async () => {
    const user = await signedInAs("AGENT");
    const expected = { id: user.id, email: user.email, name: "Someone", role: "AGENT" };
    expect(await currentAgent()).toEqual(expected);
    expect(await requireAgent()).toEqual(expected);
    expect(codeOf(await requireAdmin().catch((e) => e))).toBe("FORBIDDEN");
  });

  it("lets an admin through", async () => {
    const user = await signedInAs("ADMIN");
    expect((await requireAdmin()).id).toBe(user.id);
  });

  it("stops honouring a token once the account is deactivated or deleted", async () => {
    const user = await signedInAs("AGENT");
    await database.prisma.user.update({ where: { id: user.id }, data: { active: false } });
    expect(await currentAgent()).toBeNull();
    expect(codeOf(await requireAgent().catch((e) => e))).toBe("UNAUTHENTICATED");
    await database.prisma.user.delete({ where: { id: user.id } });
    expect(await currentAgent()).toBeNull();
  });

  it("uses the role in the database, not the one in the token", async () => {
    const user = await signedInAs("ADMIN");
    await database.prisma.user.update({ where: { id: user.id }, data: { role: "AGENT" } });
    expect((await requireAgent()).role).toBe("AGENT");
    expect(codeOf(await requireAdmin().catch((e) => e))).toBe("FORBIDDEN");
  });

  it("ignores a session whose user id is not a UUID", async () => {
    sessionUser.current = { id: "not-a-uuid", role: "ADMIN" };
    expect(await currentAgent()).toBeNull();
  });
});
