import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateAgent } from "@/lib/server/auth/sign-in.ts";
import { settings } from "@/lib/server/config/settings.ts";
import { openDatabase, type Database } from "@/lib/server/db/client.ts";
import { createTestDatabase, type TestDatabase } from "@/lib/server/db/test-database.ts";

const run = promisify(execFile);

// The CLI runs as its own process, as an operator would run it, against a fresh database: a new
// database on the DATABASE_URL server when set, otherwise an embedded one in a temporary data folder.
let serverDatabase: TestDatabase | undefined;
let dataDir: string;
let cliEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sg-create-admin-"));
  const { DATABASE_URL: _serverUrl, ADMIN_PASSWORD: _password, ...inherited } = process.env;
  cliEnv = { ...inherited, SUPPORTGATE_DATA_DIR: dataDir };
  if (settings().DATABASE_URL) {
    serverDatabase = await createTestDatabase({ migrate: false });
    if (serverDatabase.target.kind === "postgres") cliEnv.DATABASE_URL = serverDatabase.target.url;
  }
});
afterAll(async () => {
  await serverDatabase?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function createAdmin(...args: string[]) {
  return run("npx", ["tsx", "scripts/create-admin.ts", ...args], { cwd: process.cwd(), env: cliEnv }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

/** Opens the database the CLI wrote to (the embedded one only while the CLI is not running). */
async function withCliDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
  if (serverDatabase) return work(serverDatabase);
  const database = openDatabase({ kind: "embedded", directory: path.join(dataDir, "pglite") });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

const signIn = (email: string, password: string) =>
  withCliDatabase((database) => authenticateAgent({ email, password, clientAddress: "cli-test" }, database.prisma));

describe("scripts/create-admin.ts", () => {
  it("creates an admin (migrating a fresh database first) who can then sign in", async () => {
    const result = await createAdmin("--email", "Boss@Example.com", "--name", "The Boss", "--password", "first-admin-password");
    expect(result).toMatchObject({ code: 0, stdout: expect.stringContaining("Created admin boss@example.com.") });
    expect(result.stdout).not.toContain("first-admin-password");
    const admin = await signIn("boss@example.com", "first-admin-password");
    expect(admin).toMatchObject({ email: "boss@example.com", name: "The Boss", role: "ADMIN" });
    expect(await signIn("boss@example.com", "wrong-password")).toBeNull();
  });

  it("resets the password of an existing account, ending its sessions; --reset-factors also removes its second factors", async () => {
    const sessionId = await withCliDatabase(async (database) => {
      const user = await database.prisma.user.update({ where: { email: "boss@example.com" }, data: { failedSignIns: 9 } });
      await database.prisma.secondFactor.create({ data: { userId: user.id, kind: "TOTP", name: "Lost phone", confirmedAt: new Date(), totpSecret: "x" } });
      return (await database.prisma.agentSession.create({ data: { userId: user.id, method: "PASSWORD", expiresAt: new Date(Date.now() + 3_600_000) } })).id;
    });
    const result = await createAdmin("--email", "boss@example.com", "--password", "second-admin-password");
    expect(result).toMatchObject({ code: 0, stdout: expect.stringContaining("Updated admin boss@example.com.") });
    expect(await signIn("boss@example.com", "first-admin-password")).toBeNull();
    expect(await signIn("boss@example.com", "second-admin-password")).toMatchObject({ role: "ADMIN" });
    const [session, factors] = await withCliDatabase((database) =>
      Promise.all([database.prisma.agentSession.findUniqueOrThrow({ where: { id: sessionId } }), database.prisma.secondFactor.count()]),
    );
    expect([session.endReason, factors]).toEqual(["password-changed", 1]);

    const reset = await createAdmin("--email", "boss@example.com", "--password", "third-admin-password", "--reset-factors");
    expect(reset).toMatchObject({ code: 0, stdout: expect.stringContaining("and removed its second factors") });
    expect(await withCliDatabase((database) => database.prisma.secondFactor.count())).toBe(0);
  });

  it("generates and prints a password when none is given", async () => {
    const result = await createAdmin("--email", "second@example.com");
    expect(result.code).toBe(0);
    const password = /Password \(shown once\): (\S+)/.exec(result.stdout)?.[1];
    expect(password?.length).toBeGreaterThanOrEqual(20);
    expect(await signIn("second@example.com", password!)).toMatchObject({ role: "ADMIN" });
  });

  it("refuses a short password and a missing email", async () => {
    expect(await createAdmin("--email", "weak@example.com", "--password", "short")).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("at least 12 characters"),
    });
    expect(await createAdmin("--password", "long-enough-password")).toMatchObject({ code: 2, stderr: expect.stringContaining("Usage") });
    expect(await withCliDatabase((database) => database.prisma.user.count({ where: { email: "weak@example.com" } }))).toBe(0);
  });
});
