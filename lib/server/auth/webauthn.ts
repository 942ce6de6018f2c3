import "server-only";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import type { Prisma, PrismaClient } from "@/generated/prisma/client.ts";
import { settings } from "@/lib/server/config/settings.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { UUID_PATTERN } from "@/lib/validation/identifiers.ts";

/**
 * Passkeys and security keys (WebAuthn, @simplewebauthn/server; no network access: attestation
 * "none", so no metadata service is consulted). The relying party is WEBAUTHN_RP_ID (default: the
 * host of APP_BASE_URL) and the only accepted origin is APP_BASE_URL's. User verification (PIN,
 * fingerprint, face) is required, so a passkey alone is two factors: it signs in on its own and
 * counts as the second factor for step-up. Challenges are single-use rows that expire in 5 minutes.
 */

type Db = PrismaClient | Prisma.TransactionClient;
const CHALLENGE_TTL_MS = 5 * 60_000;

export type ChallengePurpose = "sign-in" | "register" | "second-factor";

function relyingParty() {
  const config = settings();
  return { rpID: config.WEBAUTHN_RP_ID, origin: new URL(config.APP_BASE_URL).origin, rpName: `${config.SUPPORT_BRAND_NAME} SupportGate` };
}

function uuidBytes(id: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(id.replace(/-/g, ""), "hex"));
}

async function storeChallenge(db: Db, challenge: string, purpose: ChallengePurpose, owner: { userId?: string; sessionId?: string }): Promise<string> {
  const now = new Date();
  // expired challenges are swept by whoever passes by
  await db.webauthnChallenge.deleteMany({ where: { expiresAt: { lt: now } } });
  const row = await db.webauthnChallenge.create({
    data: { challenge, purpose, userId: owner.userId ?? null, sessionId: owner.sessionId ?? null, expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS) },
    select: { id: true },
  });
  return row.id;
}

/** Takes a challenge once: deleted as it is read, so a response can never be replayed. */
async function takeChallenge(db: Db, challengeId: unknown, purpose: ChallengePurpose, owner: { userId?: string; sessionId?: string }): Promise<string | null> {
  if (typeof challengeId !== "string" || !UUID_PATTERN.test(challengeId)) return null;
  const rows = await db.$queryRaw<{ challenge: string; purpose: string; user_id: string | null; session_id: string | null; expires_at: Date }[]>`
    DELETE FROM webauthn_challenges WHERE id = ${challengeId}::uuid RETURNING challenge, purpose, user_id, session_id, expires_at`;
  const row = rows[0];
  if (!row || row.purpose !== purpose || row.expires_at <= new Date()) return null;
  if ((owner.userId ?? null) !== row.user_id || (owner.sessionId ?? null) !== row.session_id) return null;
  return row.challenge;
}

export type Options<T> = { challengeId: string; options: T };

export async function registrationOptions(
  owner: { userId: string; sessionId: string; email: string; name: string },
  db: Db = prisma(),
): Promise<Options<PublicKeyCredentialCreationOptionsJSON>> {
  const rp = relyingParty();
  const existing = await db.secondFactor.findMany({ where: { userId: owner.userId, kind: "WEBAUTHN", confirmedAt: { not: null } }, select: { credentialId: true, transports: true } });
  const options = await generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpID,
    userName: owner.email,
    userDisplayName: owner.name,
    userID: uuidBytes(owner.userId),
    attestationType: "none",
    excludeCredentials: existing.map((factor) => ({ id: factor.credentialId!, transports: factor.transports as never })),
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
  });
  return { challengeId: await storeChallenge(db, options.challenge, "register", owner), options };
}

export type VerifiedCredential = { credentialId: string; publicKey: Uint8Array; counter: number; transports: string[] };

export async function verifyRegistration(
  owner: { userId: string; sessionId: string },
  challengeId: unknown,
  response: unknown,
  db: Db = prisma(),
): Promise<VerifiedCredential | null> {
  const challenge = await takeChallenge(db, challengeId, "register", owner);
  if (!challenge) return null;
  const rp = relyingParty();
  try {
    const result = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: true,
    });
    if (!result.verified) return null;
    const { credential } = result.registrationInfo;
    return { credentialId: credential.id, publicKey: credential.publicKey, counter: credential.counter, transports: credential.transports ?? [] };
  } catch (error) {
    console.warn("[auth] passkey registration refused:", error instanceof Error ? error.message : error);
    return null;
  }
}

/**
 * Options for using a passkey: for signing in (any discoverable credential of this site) or, with
 * `owner`, as the second factor of that session (only that account's credentials).
 */
export async function authenticationOptions(
  purpose: "sign-in" | "second-factor",
  owner: { userId: string; sessionId: string } | null,
  db: Db = prisma(),
): Promise<Options<PublicKeyCredentialRequestOptionsJSON>> {
  const rp = relyingParty();
  const credentials = owner
    ? await db.secondFactor.findMany({ where: { userId: owner.userId, kind: "WEBAUTHN", confirmedAt: { not: null } }, select: { credentialId: true, transports: true } })
    : [];
  const options = await generateAuthenticationOptions({
    rpID: rp.rpID,
    userVerification: "required",
    allowCredentials: credentials.map((factor) => ({ id: factor.credentialId!, transports: factor.transports as never })),
  });
  return { challengeId: await storeChallenge(db, options.challenge, purpose, owner ?? {}), options };
}

/**
 * Checks a passkey assertion against its challenge and the stored public key, and moves the
 * signature counter on. Returns the account it belongs to, or null.
 */
export async function verifyAuthentication(
  purpose: "sign-in" | "second-factor",
  owner: { userId: string; sessionId: string } | null,
  challengeId: unknown,
  response: unknown,
  db: Db = prisma(),
): Promise<{ userId: string; factorId: string } | null> {
  const challenge = await takeChallenge(db, challengeId, purpose, owner ?? {});
  if (!challenge) return null;
  const credentialId = (response as { id?: unknown } | null)?.id;
  if (typeof credentialId !== "string" || credentialId.length > 1024) return null;
  const factor = await db.secondFactor.findUnique({ where: { credentialId } });
  if (!factor || factor.kind !== "WEBAUTHN" || !factor.confirmedAt || !factor.publicKey) return null;
  if (owner && factor.userId !== owner.userId) return null;
  const rp = relyingParty();
  try {
    const result = await verifyAuthenticationResponse({
      response: response as AuthenticationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      credential: { id: credentialId, publicKey: new Uint8Array(factor.publicKey), counter: Number(factor.signCount ?? 0), transports: factor.transports as never },
      requireUserVerification: true,
    });
    if (!result.verified) return null;
    await db.secondFactor.update({
      where: { id: factor.id },
      data: { signCount: BigInt(result.authenticationInfo.newCounter), lastUsedAt: new Date() },
    });
    return { userId: factor.userId, factorId: factor.id };
  } catch (error) {
    console.warn("[auth] passkey assertion refused:", error instanceof Error ? error.message : error);
    return null;
  }
}
