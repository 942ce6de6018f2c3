import "server-only";
import QRCode from "qrcode";
import type { Prisma, PrismaClient } from "@/generated/prisma/client.ts";
import { AppError } from "@/lib/errors.ts";
import { settings } from "@/lib/server/config/settings.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { consumeRateLimit, peekRateLimit, type RateLimitRule } from "@/lib/server/rate-limit.ts";
import { assertActor, type AgentActor } from "./actor.ts";
import { securityPolicy, secondFactorRequired } from "./policy.ts";
import { hashRecoveryCode, newRecoveryCodes, normalizeRecoveryCode } from "./recovery-codes.ts";
import { endSessionsOf, markSecondFactor, type PendingAgent } from "./sessions.ts";
import { assertFreshSecondFactor } from "./step-up.ts";
import { matchingTotpStep, newTotpSecret, sealTotpSecret, totpUri, unsealTotpSecret } from "./totp.ts";
import { authenticationOptions, registrationOptions, verifyAuthentication, verifyRegistration, type Options } from "./webauthn.ts";

/**
 * An agent's second factors (TOTP apps, passkeys / security keys, recovery codes): enrolling,
 * listing, renaming, removing, and using them to finish a sign-in or to step up.
 *
 * Who may change factors: an agent who has none yet (at the sign-in that requires a first one,
 * or later by choice); an agent who has some only with a fresh second factor (step-up), so a
 * stolen session alone cannot swap in an attacker's authenticator. Adding or removing a factor
 * ends the agent's other sessions.
 */

type Db = PrismaClient | Prisma.TransactionClient;
type Tx = Prisma.TransactionClient;

/** Codes tried against one account, from anywhere: TOTP has a million codes, this keeps guessing hopeless. */
export const SECOND_FACTOR_FAILURES_PER_ACCOUNT: RateLimitRule = { name: "second-factor:account", limit: 10, windowSeconds: 15 * 60 };
/** ... and from one client address, whichever accounts. */
export const SECOND_FACTOR_FAILURES_PER_CLIENT: RateLimitRule = { name: "second-factor:client", limit: 30, windowSeconds: 15 * 60 };

/** Whoever is changing or using factors: a signed-in agent, or a session finishing its sign-in. */
export type FactorOwner = { userId: string; sessionId: string; email: string; name: string; actor: AgentActor | null };

export function ownerOf(subject: AgentActor | PendingAgent): FactorOwner {
  if ("mustEnrol" in subject) return { userId: subject.id, sessionId: subject.sessionId, email: subject.email, name: subject.name, actor: null };
  if (!subject.sessionId) throw new AppError("UNAUTHENTICATED", { detail: `actor ${subject.id} has no session` });
  return { userId: subject.id, sessionId: subject.sessionId, email: subject.email, name: subject.name, actor: subject };
}

async function confirmedFactorCount(db: Db, userId: string): Promise<number> {
  return db.secondFactor.count({ where: { userId, confirmedAt: { not: null } } });
}

/** Refuses a factor change the owner may not make now (see the module comment). */
async function assertMayChangeFactors(tx: Tx, owner: FactorOwner): Promise<void> {
  if (owner.actor) await assertActor(tx, owner.actor);
  const count = await confirmedFactorCount(tx, owner.userId);
  if (count === 0) return;
  if (!owner.actor) throw new AppError("SECOND_FACTOR_REQUIRED", { detail: `pending session of ${owner.userId} cannot change existing factors` });
  await assertFreshSecondFactor(owner.actor, tx);
}

async function recordAccountEvent(tx: Tx, actorId: string, action: string, data: Prisma.InputJsonValue): Promise<void> {
  await tx.auditEvent.create({ data: { ticketId: null, actorType: "AGENT", actorId, action, data } });
}

export type FactorSummary = { id: string; kind: "TOTP" | "WEBAUTHN"; name: string; createdAt: Date; lastUsedAt: Date | null };

/** The agent's confirmed factors and how many unused recovery codes are left. */
export async function listFactors(actor: AgentActor, db: PrismaClient = prisma()): Promise<{ factors: FactorSummary[]; recoveryCodesLeft: number }> {
  return db.$transaction(async (tx) => {
    await assertActor(tx, actor);
    const [factors, recoveryCodesLeft] = await Promise.all([
      tx.secondFactor.findMany({
        where: { userId: actor.id, confirmedAt: { not: null } },
        orderBy: { createdAt: "asc" },
        select: { id: true, kind: true, name: true, createdAt: true, lastUsedAt: true },
      }),
      tx.recoveryCode.count({ where: { userId: actor.id, usedAt: null } }),
    ]);
    return { factors, recoveryCodesLeft };
  });
}

export type TotpEnrolment = { factorId: string; secret: string; uri: string; qrSvg: string };

/** Starts adding an authenticator app: a new secret, kept pending until its first code is entered. */
export async function beginTotpEnrolment(owner: FactorOwner, db: PrismaClient = prisma()): Promise<TotpEnrolment> {
  const secret = newTotpSecret();
  const factor = await db.$transaction(async (tx) => {
    await assertMayChangeFactors(tx, owner);
    // one pending secret at a time
    await tx.secondFactor.deleteMany({ where: { userId: owner.userId, kind: "TOTP", confirmedAt: null } });
    return tx.secondFactor.create({ data: { userId: owner.userId, kind: "TOTP", name: "", totpSecret: sealTotpSecret(secret) }, select: { id: true } });
  });
  const uri = totpUri(secret, owner.email, `${settings().SUPPORT_BRAND_NAME} SupportGate`);
  const qrSvg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { factorId: factor.id, secret, uri, qrSvg };
}

/** What enrolling a factor hands back: the first set of recovery codes, once, when the account had none. */
export type EnrolmentResult = { factorId: string; recoveryCodes: string[] | null };

/** Finishes adding an authenticator app with a code it shows now. */
export async function confirmTotpEnrolment(
  owner: FactorOwner,
  input: { factorId: string; code: string; name: string },
  db: PrismaClient = prisma(),
  now: Date = new Date(),
): Promise<EnrolmentResult> {
  return db.$transaction(async (tx) => {
    await assertMayChangeFactors(tx, owner);
    const factor = await tx.secondFactor.findFirst({ where: { id: input.factorId, userId: owner.userId, kind: "TOTP", confirmedAt: null } });
    const secret = factor?.totpSecret ? unsealTotpSecret(factor.totpSecret) : null;
    if (!factor || !secret) throw new AppError("NOT_FOUND", { detail: `pending TOTP factor ${input.factorId}` });
    const step = matchingTotpStep(secret, input.code, now);
    if (step === null) {
      throw new AppError("VALIDATION_FAILED", { detail: "enrolment code did not match", issues: [{ path: "code", message: "codeWrong" }], params: { field: "code", fieldMessage: "codeWrong" } });
    }
    await tx.secondFactor.update({ where: { id: factor.id }, data: { confirmedAt: now, lastUsedAt: now, totpLastStep: BigInt(step), name: input.name } });
    return afterFactorAdded(tx, owner, factor.id, "TOTP", input.name, now);
  });
}

async function afterFactorAdded(tx: Tx, owner: FactorOwner, factorId: string, kind: string, name: string, now: Date): Promise<EnrolmentResult> {
  await recordAccountEvent(tx, owner.userId, "user.factor_added", { userId: owner.userId, factorId, kind, name });
  // Proving the new factor counts as giving one in this session (a first enrolment finishes sign-in).
  await markSecondFactor(owner.sessionId, tx, now);
  await endSessionsOf(owner.userId, "factors-changed", tx, { exceptSessionId: owner.sessionId, now });
  const unused = await tx.recoveryCode.count({ where: { userId: owner.userId, usedAt: null } });
  return { factorId, recoveryCodes: unused === 0 ? await replaceRecoveryCodes(tx, owner.userId) : null };
}

async function replaceRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(userId, normalizeRecoveryCode(code)!) })) });
  return codes;
}

/** Starts adding a passkey or security key: options for the browser's navigator.credentials.create(). */
export async function beginPasskeyEnrolment(owner: FactorOwner, db: PrismaClient = prisma()) {
  return db.$transaction(async (tx) => {
    await assertMayChangeFactors(tx, owner);
    return registrationOptions(owner, tx);
  });
}

export async function finishPasskeyEnrolment(
  owner: FactorOwner,
  input: { challengeId: string; response: unknown; name: string },
  db: PrismaClient = prisma(),
  now: Date = new Date(),
): Promise<EnrolmentResult> {
  return db.$transaction(async (tx) => {
    await assertMayChangeFactors(tx, owner);
    const credential = await verifyRegistration(owner, input.challengeId, input.response, tx);
    if (!credential) throw new AppError("VALIDATION_FAILED", { detail: "passkey registration not verified", params: { messageKey: "account.errors.passkeyFailed" } });
    const factor = await tx.secondFactor.create({
      data: {
        userId: owner.userId,
        kind: "WEBAUTHN",
        name: input.name,
        confirmedAt: now,
        credentialId: credential.credentialId,
        publicKey: new Uint8Array(credential.publicKey),
        signCount: BigInt(credential.counter),
        transports: credential.transports,
      },
      select: { id: true },
    });
    return afterFactorAdded(tx, owner, factor.id, "WEBAUTHN", input.name, now);
  });
}

/** Renames a factor (no step-up: a name changes nothing about access). */
export async function renameFactor(actor: AgentActor, input: { factorId: string; name: string }, db: PrismaClient = prisma()): Promise<void> {
  await db.$transaction(async (tx) => {
    await assertActor(tx, actor);
    const { count } = await tx.secondFactor.updateMany({ where: { id: input.factorId, userId: actor.id, confirmedAt: { not: null } }, data: { name: input.name } });
    if (count === 0) throw new AppError("NOT_FOUND", { detail: `factor ${input.factorId} of ${actor.id}` });
  });
}

/** Removes a factor (step-up); the last one only when the policy does not require one for this account. */
export async function removeFactor(actor: AgentActor, input: { factorId: string }, db: PrismaClient = prisma()): Promise<void> {
  const owner = ownerOf(actor);
  await db.$transaction(async (tx) => {
    await assertMayChangeFactors(tx, owner);
    const factor = await tx.secondFactor.findFirst({ where: { id: input.factorId, userId: actor.id, confirmedAt: { not: null } }, select: { id: true, kind: true, name: true } });
    if (!factor) throw new AppError("NOT_FOUND", { detail: `factor ${input.factorId} of ${actor.id}` });
    const remaining = (await confirmedFactorCount(tx, actor.id)) - 1;
    const user = await tx.user.findUniqueOrThrow({ where: { id: actor.id }, select: { role: true } });
    if (remaining === 0 && secondFactorRequired(await securityPolicy(tx), user.role, 0)) {
      throw new AppError("CONFLICT", { detail: "would remove the last required factor", params: { messageKey: "account.errors.lastFactor" } });
    }
    await tx.secondFactor.delete({ where: { id: factor.id } });
    if (remaining === 0) await tx.recoveryCode.deleteMany({ where: { userId: actor.id } });
    await recordAccountEvent(tx, actor.id, "user.factor_removed", { userId: actor.id, factorId: factor.id, kind: factor.kind, name: factor.name });
    await endSessionsOf(actor.id, "factors-changed", tx, { exceptSessionId: owner.sessionId });
  });
}

/** A new set of recovery codes (step-up); the old ones stop working. */
export async function regenerateRecoveryCodes(actor: AgentActor, db: PrismaClient = prisma()): Promise<string[]> {
  const owner = ownerOf(actor);
  return db.$transaction(async (tx) => {
    await assertMayChangeFactors(tx, owner);
    if ((await confirmedFactorCount(tx, actor.id)) === 0) {
      throw new AppError("CONFLICT", { detail: "recovery codes without a factor", params: { messageKey: "account.errors.noFactor" } });
    }
    await recordAccountEvent(tx, actor.id, "user.recovery_codes_replaced", { userId: actor.id });
    return replaceRecoveryCodes(tx, actor.id);
  });
}

/**
 * Checks a TOTP or recovery code for the account. TOTP: a step used before is refused (the
 * conditional update makes two concurrent uses of one code succeed once). Recovery code: marked
 * used in the same statement that finds it. Failures are counted per account and per client
 * address; past either limit every attempt is RATE_LIMITED.
 */
export async function verifySecondFactorCode(
  userId: string,
  code: string,
  clientAddress: string,
  db: PrismaClient = prisma(),
  now: Date = new Date(),
): Promise<"TOTP" | "RECOVERY_CODE" | null> {
  for (const [rule, subject] of [[SECOND_FACTOR_FAILURES_PER_ACCOUNT, userId], [SECOND_FACTOR_FAILURES_PER_CLIENT, clientAddress]] as const) {
    const state = await peekRateLimit(rule, subject, db, now);
    if (!state.allowed) throw new AppError("RATE_LIMITED", { detail: `${rule.name} ${subject}`, params: { retryAfterSeconds: state.retryAfterSeconds } });
  }
  const trimmed = code.trim().replace(/\s/g, "");
  let used: "TOTP" | "RECOVERY_CODE" | null = null;
  if (/^\d{6}$/.test(trimmed)) {
    const factors = await db.secondFactor.findMany({ where: { userId, kind: "TOTP", confirmedAt: { not: null } }, select: { id: true, totpSecret: true } });
    for (const factor of factors) {
      const secret = factor.totpSecret ? unsealTotpSecret(factor.totpSecret) : null;
      const step = secret ? matchingTotpStep(secret, trimmed, now) : null;
      if (step === null) continue;
      const claimed = await db.$executeRaw`
        UPDATE second_factors SET totp_last_step = ${step}, last_used_at = ${now}
        WHERE id = ${factor.id}::uuid AND (totp_last_step IS NULL OR totp_last_step < ${step})`;
      if (claimed === 1) used = "TOTP";
      break;
    }
  } else {
    const normalized = normalizeRecoveryCode(trimmed);
    if (normalized) {
      const { count } = await db.recoveryCode.updateMany({
        where: { userId, codeHash: hashRecoveryCode(userId, normalized), usedAt: null },
        data: { usedAt: now },
      });
      if (count === 1) used = "RECOVERY_CODE";
    }
  }
  if (!used) {
    await consumeRateLimit(SECOND_FACTOR_FAILURES_PER_ACCOUNT, userId, db, now);
    await consumeRateLimit(SECOND_FACTOR_FAILURES_PER_CLIENT, clientAddress, db, now);
  }
  return used;
}

function wrongCode(): AppError {
  return new AppError("VALIDATION_FAILED", { detail: "second factor code refused", issues: [{ path: "code", message: "codeWrong" }], params: { field: "code", fieldMessage: "codeWrong" } });
}

/**
 * Gives the second factor for this session with a code: finishes a sign-in that owes one, or
 * steps up a signed-in session for sensitive work.
 */
export async function giveSecondFactorCode(subject: AgentActor | PendingAgent, code: string, clientAddress: string, db: PrismaClient = prisma()): Promise<"TOTP" | "RECOVERY_CODE"> {
  const owner = ownerOf(subject);
  const used = await verifySecondFactorCode(owner.userId, code, clientAddress, db);
  if (!used) throw wrongCode();
  await db.$transaction(async (tx) => {
    if (owner.actor) await assertActor(tx, owner.actor);
    await markSecondFactor(owner.sessionId, tx);
    if (used === "RECOVERY_CODE") await recordAccountEvent(tx, owner.userId, "user.recovery_code_used", { userId: owner.userId, sessionId: owner.sessionId });
  });
  return used;
}

/** Options for giving the second factor with a passkey (this account's credentials only). */
export async function secondFactorPasskeyOptions(subject: AgentActor | PendingAgent, db: PrismaClient = prisma()): Promise<Options<unknown>> {
  const owner = ownerOf(subject);
  return authenticationOptions("second-factor", { userId: owner.userId, sessionId: owner.sessionId }, db);
}

export async function giveSecondFactorPasskey(
  subject: AgentActor | PendingAgent,
  input: { challengeId: string; response: unknown },
  clientAddress: string,
  db: PrismaClient = prisma(),
): Promise<void> {
  const owner = ownerOf(subject);
  const state = await peekRateLimit(SECOND_FACTOR_FAILURES_PER_ACCOUNT, owner.userId, db);
  if (!state.allowed) throw new AppError("RATE_LIMITED", { detail: `second factor ${owner.userId}`, params: { retryAfterSeconds: state.retryAfterSeconds } });
  const verified = await verifyAuthentication("second-factor", { userId: owner.userId, sessionId: owner.sessionId }, input.challengeId, input.response, db);
  if (!verified) {
    await consumeRateLimit(SECOND_FACTOR_FAILURES_PER_ACCOUNT, owner.userId, db);
    await consumeRateLimit(SECOND_FACTOR_FAILURES_PER_CLIENT, clientAddress, db);
    throw new AppError("VALIDATION_FAILED", { detail: "passkey assertion refused", params: { messageKey: "account.errors.passkeyFailed" } });
  }
  await db.$transaction(async (tx) => {
    if (owner.actor) await assertActor(tx, owner.actor);
    await markSecondFactor(owner.sessionId, tx);
  });
}
