import "server-only";
import type { PrismaClient } from "@/generated/prisma/client.ts";
import { AppError } from "@/lib/errors.ts";
import { verifyPassword } from "@/lib/server/auth/password.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { consumeRateLimit, enforceRateLimits, peekRateLimit, type RateLimitRule } from "@/lib/server/rate-limit.ts";
import { signInSchema } from "@/lib/validation/auth.ts";
import type { AgentRole } from "./actor.ts";

/** Consecutive failures after which an account is locked, and how the lock grows after that. */
export const LOCK_AFTER_FAILURES = 5;
export const FIRST_LOCK_MINUTES = 1;
export const MAX_LOCK_MINUTES = 60;

/**
 * Per client address: failed attempts (spraying many accounts from one place) and all attempts
 * (each costs an argon2 hash, so unbounded tries would be a cheap way to load the server).
 */
export const SIGN_IN_FAILURES_PER_CLIENT: RateLimitRule = { name: "sign-in:client-failures", limit: 20, windowSeconds: 15 * 60 };
export const SIGN_IN_ATTEMPTS_PER_CLIENT: RateLimitRule = { name: "sign-in:client-attempts", limit: 100, windowSeconds: 15 * 60 };

// A real argon2id hash (same parameters as lib/server/auth/password.ts) of a random string nobody
// knows: verifying against it when the email is unknown, locked or deactivated costs the same
// time as a real check, so response times do not tell which accounts exist.
export const DUMMY_PASSWORD_HASH = "$argon2id$v=19$m=19456,t=2,p=1$tru/CKISfTEto+55X/+qBw$ZMd89R+eV9xKFcC1u4fARZgtHNWqA9wuL4ATSscGiu0";

/** Lock duration after the `failures`-th consecutive failure, or 0 while under the threshold. */
export function lockMinutesAfter(failures: number): number {
  if (failures < LOCK_AFTER_FAILURES) return 0;
  return Math.min(FIRST_LOCK_MINUTES * 2 ** (failures - LOCK_AFTER_FAILURES), MAX_LOCK_MINUTES);
}

export type SignInAttempt = { email: unknown; password: unknown; clientAddress: string };

/** What the session is issued for; every request then re-reads the account (loadAgentActor). */
export type SignedInAgent = { id: string; email: string; name: string; role: AgentRole };

/**
 * Checks an agent's email and password. Returns the agent, or null for every kind of refusal —
 * unknown email, wrong password, locked or deactivated account — so callers cannot tell them
 * apart. Throws RATE_LIMITED (which reveals nothing about the account) when the client address
 * has failed too often.
 */
export async function authenticateAgent(
  attempt: SignInAttempt,
  db: PrismaClient = prisma(),
  now: Date = new Date(),
): Promise<SignedInAgent | null> {
  const address = attempt.clientAddress;
  const failures = await peekRateLimit(SIGN_IN_FAILURES_PER_CLIENT, address, db, now);
  if (!failures.allowed) {
    throw new AppError("RATE_LIMITED", {
      detail: `sign-in failures from ${address}`,
      params: { retryAfterSeconds: failures.retryAfterSeconds },
    });
  }
  await enforceRateLimits([[SIGN_IN_ATTEMPTS_PER_CLIENT, address]], db);

  const parsed = signInSchema.safeParse({ email: attempt.email, password: attempt.password });
  if (!parsed.success) {
    await verifyPassword(DUMMY_PASSWORD_HASH, "");
    await consumeRateLimit(SIGN_IN_FAILURES_PER_CLIENT, address, db, now);
    return null;
  }
  const { email, password } = parsed.data;
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, role: true, active: true, passwordHash: true, lockedUntil: true },
  });
  const locked = Boolean(user?.lockedUntil && user.lockedUntil > now);
  const passwordMatches = await verifyPassword(user?.passwordHash ?? DUMMY_PASSWORD_HASH, password);

  if (user && user.active && !locked && passwordMatches) {
    await db.user.update({
      where: { id: user.id },
      data: { failedSignIns: 0, lockedUntil: null, lastSignInAt: now },
    });
    return { id: user.id, email: user.email, name: user.name, role: user.role };
  }

  // Attempts against a locked account do not extend the lock: otherwise anyone who knows an
  // agent's email could keep them out indefinitely.
  if (user && user.active && !locked) await recordFailure(db, user.id, now);
  await consumeRateLimit(SIGN_IN_FAILURES_PER_CLIENT, address, db, now);
  return null;
}

/** One atomic update, so concurrent failures are all counted and the lock uses the final count. */
async function recordFailure(db: PrismaClient, userId: string, now: Date): Promise<void> {
  const rows = await db.$queryRaw<{ failed_sign_ins: number }[]>`
    UPDATE users SET failed_sign_ins = failed_sign_ins + 1 WHERE id = ${userId}::uuid RETURNING failed_sign_ins`;
  const minutes = lockMinutesAfter(Number(rows[0]?.failed_sign_ins ?? 0));
  if (minutes > 0) {
    await db.user.update({ where: { id: userId }, data: { lockedUntil: new Date(now.getTime() + minutes * 60_000) } });
  }
}
