import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors.ts";
import { databaseForThisFile } from "@/lib/server/db/test-database-hooks.ts";
import { hashPassword } from "./password.ts";
import { authenticateAgent, LOCK_AFTER_FAILURES, lockMinutesAfter, SIGN_IN_FAILURES_PER_CLIENT } from "./sign-in.ts";

const database = databaseForThisFile();
const PASSWORD = "correct horse battery";
let passwordHash: string;

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});
beforeEach(async () => {
  await database.prisma.rateLimitBucket.deleteMany();
  await database.prisma.user.deleteMany();
});

let addressCounter = 0;
const freshAddress = () => `198.51.100.${++addressCounter}`;

async function createUser(email: string, overrides: { active?: boolean; role?: "AGENT" | "ADMIN" } = {}) {
  return database.prisma.user.create({
    data: { email, name: `User ${email}`, passwordHash, role: overrides.role ?? "AGENT", active: overrides.active ?? true },
  });
}

function attempt(email: string, password: string, options: { address?: string; now?: Date } = {}) {
  return authenticateAgent({ email, password, clientAddress: options.address ?? freshAddress() }, database.prisma, options.now);
}

describe("authenticateAgent", () => {
  it("signs in with the right password (email case-insensitive) and resets the failure count", async () => {
    const user = await createUser("aiko@example.com");
    await database.prisma.user.update({ where: { id: user.id }, data: { failedSignIns: 3 } });
    const now = new Date("2026-11-22T09:00:00Z");
    const agent = await attempt(" Aiko@Example.COM ", PASSWORD, { now });
    expect(agent).toEqual({ id: user.id, email: "aiko@example.com", name: "User aiko@example.com", role: "AGENT" });
    const stored = await database.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.failedSignIns).toBe(0);
    expect(stored.lastSignInAt).toEqual(now);
  });

  it("refuses a wrong password, an unknown email, a deactivated and a malformed account alike", async () => {
    await createUser("ben@example.com");
    await createUser("gone@example.com", { active: false });
    expect(await attempt("ben@example.com", "wrong password")).toBeNull();
    expect(await attempt("nobody@example.com", PASSWORD)).toBeNull();
    expect(await attempt("gone@example.com", PASSWORD)).toBeNull();
    expect(await attempt("not-an-email", PASSWORD)).toBeNull();
    expect(await attempt("ben@example.com", "x".repeat(300))).toBeNull();
    // the wrong password counted against the account; the deactivated account and the overlong
    // password (refused before any lookup) did not
    const rows = await database.prisma.user.findMany({ orderBy: { email: "asc" }, select: { email: true, failedSignIns: true } });
    expect(rows).toEqual([
      { email: "ben@example.com", failedSignIns: 1 },
      { email: "gone@example.com", failedSignIns: 0 },
    ]);
  });

  it("spends about as long on an unknown email as on a wrong password (no account enumeration by timing)", async () => {
    await createUser("timing@example.com");
    const durations = { known: [] as number[], unknown: [] as number[] };
    for (let i = 0; i < 4; i++) {
      for (const kind of ["known", "unknown"] as const) {
        const started = performance.now();
        await attempt(kind === "known" ? "timing@example.com" : `nobody${i}@example.com`, "wrong password");
        durations[kind].push(performance.now() - started);
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const ratio = median(durations.unknown) / median(durations.known);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it("locks an account after repeated failures, for longer each time, without extending a running lock", async () => {
    const user = await createUser("kenji@example.com");
    const start = new Date("2026-11-22T10:00:00Z");
    for (let i = 0; i < LOCK_AFTER_FAILURES; i++) expect(await attempt("kenji@example.com", "nope", { now: start })).toBeNull();
    let stored = await database.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.failedSignIns).toBe(LOCK_AFTER_FAILURES);
    expect(stored.lockedUntil).toEqual(new Date(start.getTime() + 60_000));

    // locked: even the right password is refused, and more failures do not push the lock out
    const during = new Date(start.getTime() + 30_000);
    expect(await attempt("kenji@example.com", PASSWORD, { now: during })).toBeNull();
    expect(await attempt("kenji@example.com", "nope", { now: during })).toBeNull();
    stored = await database.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.lockedUntil).toEqual(new Date(start.getTime() + 60_000));
    expect(stored.failedSignIns).toBe(LOCK_AFTER_FAILURES);

    // after it expires, one more failure locks for twice as long
    const after = new Date(start.getTime() + 61_000);
    expect(await attempt("kenji@example.com", "nope", { now: after })).toBeNull();
    stored = await database.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.lockedUntil).toEqual(new Date(after.getTime() + 2 * 60_000));

    // and once that lock is over the right password works and clears the record
    const later = new Date(after.getTime() + 3 * 60_000);
    expect(await attempt("kenji@example.com", PASSWORD, { now: later })).not.toBeNull();
    stored = await database.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect([stored.failedSignIns, stored.lockedUntil]).toEqual([0, null]);
  });

  it("grows the lock exponentially up to an hour", () => {
    expect([4, 5, 6, 7, 8, 10, 11, 20].map(lockMinutesAfter)).toEqual([0, 1, 2, 4, 8, 32, 60, 60]);
  });

  it("counts concurrent failures exactly", async () => {
    const user = await createUser("burst@example.com");
    await Promise.all(Array.from({ length: 4 }, () => attempt("burst@example.com", "nope")));
    expect((await database.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).failedSignIns).toBe(4);
  });

  it("backs off a client address after repeated failures, whichever accounts they tried", async () => {
    await createUser("target@example.com");
    const address = freshAddress();
    const now = new Date();
    for (let i = 0; i < SIGN_IN_FAILURES_PER_CLIENT.limit; i++) {
      expect(await attempt(`spray${i}@example.com`, "guess", { address, now })).toBeNull();
    }
    const refused = await attempt("target@example.com", PASSWORD, { address, now }).catch((error) => error);
    expect(isAppError(refused) && refused.code).toBe("RATE_LIMITED");
    expect(refused.params.retryAfterSeconds).toBeGreaterThan(0);
    // the account itself was never touched, and another address signs in normally
    expect(await attempt("target@example.com", PASSWORD, { now })).not.toBeNull();
  });
});
