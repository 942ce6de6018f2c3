import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { isAppError } from "@/lib/errors.ts";
import { endAgentSessions, resetAgentFactors, sendPasswordReset } from "@/lib/server/admin/agents.ts";
import { createTestDatabase, type TestDatabase } from "@/lib/server/db/test-database.ts";
import { passwordResetToken } from "@/lib/server/email/agent-mail.ts";
import { createSignedInAgent } from "@/lib/server/tickets/test-fixtures.ts";
import type { AgentActor } from "./actor.ts";
import {
  beginTotpEnrolment,
  confirmTotpEnrolment,
  giveSecondFactorCode,
  listFactors,
  ownerOf,
  regenerateRecoveryCodes,
  removeFactor,
  SECOND_FACTOR_FAILURES_PER_ACCOUNT,
} from "./factors.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { changeOwnPassword, resetPasswordWithToken } from "./passwords.ts";
import { resolveSession } from "./sessions.ts";

let database: TestDatabase;
beforeAll(async () => {
  vi.stubEnv("NEXTAUTH_SECRET", "factors-integration-secret");
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

const codeOf = (promise: Promise<unknown>) => promise.then(() => "allowed", (error: unknown) => (isAppError(error) ? error.code : String(error)));
const totpCode = (secret: string, at: Date = new Date()) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: at.getTime() });
let address = 0;
const freshAddress = () => `203.0.113.${++address}`;

/** An agent with an authenticator app enrolled, as the enrolment page does it. */
async function withTotp(actor: AgentActor) {
  const enrolment = await beginTotpEnrolment(ownerOf(actor), database.prisma);
  expect(enrolment.uri).toMatch(/^otpauth:\/\/totp\//);
  expect(enrolment.qrSvg).toContain("<svg");
  // a code from the previous step: the next sign-in's code (this step) has not been used yet
  const result = await confirmTotpEnrolment(ownerOf(actor), { factorId: enrolment.factorId, code: totpCode(enrolment.secret, new Date(Date.now() - 30_000)), name: "Phone" }, database.prisma);
  return { secret: enrolment.secret, recoveryCodes: result.recoveryCodes! };
}

describe("second factors", () => {
  it("enrols an authenticator app with its first code, stores the secret sealed and hands out ten recovery codes once", async () => {
    const actor = await createSignedInAgent(database.prisma, "Totp Agent", { secondFactor: false });
    const { secret, recoveryCodes } = await withTotp(actor);
    expect(recoveryCodes).toHaveLength(10);
    const stored = await database.prisma.secondFactor.findFirstOrThrow({ where: { userId: actor.id } });
    expect(stored.totpSecret).not.toContain(secret);
    expect(stored.confirmedAt).not.toBeNull();
    const codes = await database.prisma.recoveryCode.findMany({ where: { userId: actor.id } });
    expect(codes.map((code) => code.codeHash).join()).not.toContain(recoveryCodes[0]!.replace("-", ""));
    expect((await listFactors(actor, database.prisma)).factors.map((factor) => [factor.kind, factor.name])).toEqual([["TOTP", "Phone"]]);
  });

  it("refuses a wrong enrolment code and keeps the factor pending", async () => {
    const actor = await createSignedInAgent(database.prisma, "Wrong Code", { secondFactor: false });
    const enrolment = await beginTotpEnrolment(ownerOf(actor), database.prisma);
    const wrong = String((Number(totpCode(enrolment.secret)) + 1) % 1_000_000).padStart(6, "0");
    expect(await codeOf(confirmTotpEnrolment(ownerOf(actor), { factorId: enrolment.factorId, code: wrong, name: "x" }, database.prisma))).toBe("VALIDATION_FAILED");
    expect((await listFactors(actor, database.prisma)).factors).toEqual([]);
  });

  it("accepts a TOTP code once: the same code again is refused (no replay)", async () => {
    const actor = await createSignedInAgent(database.prisma, "Replay Agent", { secondFactor: false });
    const { secret } = await withTotp(actor);
    const code = totpCode(secret);
    expect(await giveSecondFactorCode(actor, code, freshAddress(), database.prisma)).toBe("TOTP");
    expect(await codeOf(giveSecondFactorCode(actor, code, freshAddress(), database.prisma))).toBe("VALIDATION_FAILED");
  });

  it("accepts each recovery code once, in any spelling, and records its use", async () => {
    const actor = await createSignedInAgent(database.prisma, "Recovery Agent", { secondFactor: false });
    const { recoveryCodes } = await withTotp(actor);
    const code = recoveryCodes[3]!;
    expect(await giveSecondFactorCode(actor, ` ${code.toUpperCase().replace("-", " ")} `, freshAddress(), database.prisma)).toBe("RECOVERY_CODE");
    expect(await codeOf(giveSecondFactorCode(actor, code, freshAddress(), database.prisma))).toBe("VALIDATION_FAILED");
    expect((await listFactors(actor, database.prisma)).recoveryCodesLeft).toBe(9);
    expect(await database.prisma.auditEvent.count({ where: { actorId: actor.id, action: "user.recovery_code_used" } })).toBe(1);
  });

  it(`stops guessing after ${SECOND_FACTOR_FAILURES_PER_ACCOUNT.limit} wrong codes for one account, from any address`, async () => {
    const actor = await createSignedInAgent(database.prisma, "Guessed Agent", { secondFactor: false });
    const { secret } = await withTotp(actor);
    for (let i = 0; i < SECOND_FACTOR_FAILURES_PER_ACCOUNT.limit; i++) {
      expect(await codeOf(giveSecondFactorCode(actor, "000000", freshAddress(), database.prisma))).toBe("VALIDATION_FAILED");
    }
    expect(await codeOf(giveSecondFactorCode(actor, totpCode(secret), freshAddress(), database.prisma))).toBe("RATE_LIMITED");
  });

  it("changing factors needs a fresh second factor once the account has one (step-up), and ends the other sessions", async () => {
    const actor = await createSignedInAgent(database.prisma, "Stepping Agent", { secondFactor: false });
    const { secret } = await withTotp(actor);
    const laptop = await database.prisma.agentSession.create({
      data: { userId: actor.id, method: "PASSWORD", secondFactorAt: new Date(), expiresAt: new Date(Date.now() + 3_600_000) },
    });
    // enrolment just now counts as a fresh factor; six minutes later it no longer does
    await database.prisma.agentSession.update({ where: { id: actor.sessionId! }, data: { secondFactorAt: new Date(Date.now() - 6 * 60_000) } });
    const factor = (await listFactors(actor, database.prisma)).factors[0]!;
    expect(await codeOf(removeFactor(actor, { factorId: factor.id }, database.prisma))).toBe("STEP_UP_REQUIRED");
    expect(await codeOf(regenerateRecoveryCodes(actor, database.prisma))).toBe("STEP_UP_REQUIRED");
    expect(await codeOf(beginTotpEnrolment(ownerOf(actor), database.prisma))).toBe("STEP_UP_REQUIRED");
    await giveSecondFactorCode(actor, totpCode(secret), freshAddress(), database.prisma);
    expect(await regenerateRecoveryCodes(actor, database.prisma)).toHaveLength(10);
    // the last factor of an agent the policy does not require one from may go; its laptop session ends
    expect(await codeOf(removeFactor(actor, { factorId: factor.id }, database.prisma))).toBe("allowed");
    expect((await database.prisma.agentSession.findUniqueOrThrow({ where: { id: laptop.id } })).endReason).toBe("factors-changed");
    expect((await resolveSession(actor.sessionId, {}, database.prisma))?.status).toBe("active");
  });

  it("keeps the last factor of an admin (required by the policy)", async () => {
    const admin = await createSignedInAgent(database.prisma, "Careful Admin", { role: "ADMIN", secondFactor: true });
    await withTotp(admin);
    const factor = (await listFactors(admin, database.prisma)).factors[0]!;
    expect(await codeOf(removeFactor(admin, { factorId: factor.id }, database.prisma))).toBe("CONFLICT");
  });
});

describe("admin help and passwords", () => {
  it("an admin's factor reset removes every factor, ends the agent's sessions, is audited and mailed", async () => {
    const admin = await createSignedInAgent(database.prisma, "Resetting Admin", { role: "ADMIN" });
    const agent = await createSignedInAgent(database.prisma, "Lost Phone", { secondFactor: false });
    await withTotp(agent);
    await resetAgentFactors(admin, { userId: agent.id }, database.prisma);
    expect(await database.prisma.secondFactor.count({ where: { userId: agent.id } })).toBe(0);
    expect(await database.prisma.recoveryCode.count({ where: { userId: agent.id } })).toBe(0);
    expect(await resolveSession(agent.sessionId, {}, database.prisma)).toBeNull();
    expect(await database.prisma.auditEvent.count({ where: { actorId: admin.id, action: "user.factors_reset" } })).toBe(1);
    const mail = await database.prisma.outboxMessage.findFirstOrThrow({ where: { kind: "AGENT_FACTORS_RESET", toAddress: agent.email } });
    expect(mail.textBody).toContain("Resetting Admin");
  });

  it("a reset link works once, within its lifetime, and never sits in the outbox as a working link", async () => {
    const admin = await createSignedInAgent(database.prisma, "Mailing Admin", { role: "ADMIN" });
    const agent = await createSignedInAgent(database.prisma, "Forgetful Agent");
    await sendPasswordReset(admin, { userId: agent.id }, database.prisma);
    const reset = await database.prisma.passwordReset.findFirstOrThrow({ where: { userId: agent.id } });
    const token = passwordResetToken(reset.id);
    const mail = await database.prisma.outboxMessage.findFirstOrThrow({ where: { kind: "AGENT_PASSWORD_RESET", toAddress: agent.email } });
    expect(mail.textBody).toContain(`{{password-reset:${reset.id}}}`);
    expect(mail.textBody + mail.htmlBody).not.toContain(token);

    expect(await codeOf(resetPasswordWithToken({ token: `${reset.id}.forged`, newPassword: "a brand new password" }, database.prisma))).toBe("NOT_FOUND");
    await resetPasswordWithToken({ token, newPassword: "a brand new password" }, database.prisma);
    const stored = await database.prisma.user.findUniqueOrThrow({ where: { id: agent.id } });
    expect(await verifyPassword(stored.passwordHash, "a brand new password")).toBe(true);
    expect(await resolveSession(agent.sessionId, {}, database.prisma)).toBeNull();
    expect(await codeOf(resetPasswordWithToken({ token, newPassword: "yet another password" }, database.prisma))).toBe("NOT_FOUND");

    await sendPasswordReset(admin, { userId: agent.id }, database.prisma);
    const late = await database.prisma.passwordReset.findFirstOrThrow({ where: { userId: agent.id, usedAt: null } });
    const afterExpiry = new Date(late.expiresAt.getTime() + 1000);
    expect(await codeOf(resetPasswordWithToken({ token: passwordResetToken(late.id), newPassword: "too late a password" }, database.prisma, afterExpiry))).toBe("NOT_FOUND");
  });

  it("changing one's password ends the other sessions, not this one", async () => {
    const agent = await createSignedInAgent(database.prisma, "Changing Agent");
    await database.prisma.user.update({ where: { id: agent.id }, data: { passwordHash: await hashPassword("the old password") } });
    const elsewhere = await database.prisma.agentSession.create({ data: { userId: agent.id, method: "PASSWORD", expiresAt: new Date(Date.now() + 3_600_000) } });
    expect(await codeOf(changeOwnPassword(agent, { currentPassword: "not it", newPassword: "the new password" }, database.prisma))).toBe("VALIDATION_FAILED");
    await changeOwnPassword(agent, { currentPassword: "the old password", newPassword: "the new password" }, database.prisma);
    expect(await resolveSession(elsewhere.id, {}, database.prisma)).toBeNull();
    expect((await resolveSession(agent.sessionId, {}, database.prisma))?.status).toBe("active");
  });

  it("ending an agent's sessions leaves the admin's own", async () => {
    const admin = await createSignedInAgent(database.prisma, "Ending Admin", { role: "ADMIN" });
    const agent = await createSignedInAgent(database.prisma, "Lost Laptop");
    expect(await endAgentSessions(admin, { userId: agent.id }, database.prisma)).toBe(1);
    expect(await resolveSession(agent.sessionId, {}, database.prisma)).toBeNull();
    expect((await resolveSession(admin.sessionId, {}, database.prisma))?.status).toBe("active");
  });
});
