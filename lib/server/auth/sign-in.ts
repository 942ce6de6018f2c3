import "server-only";
import { createHash } from "node:crypto";
import type { Prisma, PrismaClient } from "@/generated/prisma/client.ts";
import { settings } from "@/lib/server/config/settings.ts";
import { AppError } from "@/lib/errors.ts";
import { verifyPassword } from "@/lib/server/auth/password.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { consumeRateLimits, enforceRateLimits, peekRateLimit, type RateLimitRule } from "@/lib/server/rate-limit.ts";
import { signInSchema } from "@/lib/validation/auth.ts";
import type { AgentRole } from "./actor.ts";

/**
 * Throttling instead of an account lock (an outsider who knows an agent's address must not be
 * able to keep them out). Failures count per client address, whichever accounts they tried
 * (spraying), and per account *and* address (guessing one agent's password from one place). Each
 * is a fixed 15-minute window: past the limit that address waits until the window ends — a bounded
 * slowdown that never doubles and never touches the agent's sign-ins from anywhere else.
 * Every attempt also counts per address (each costs an argon2 hash, so unbounded tries would be a
 * cheap way to load the server).
 */
export const SIGN_IN_FAILURES_PER_CLIENT: RateLimitRule = { name: "sign-in:client-failures", limit: 20, windowSeconds: 15 * 60 };
export const SIGN_IN_ATTEMPTS_PER_CLIENT: RateLimitRule = { name: "sign-in:client-attempts", limit: 100, windowSeconds: 15 * 60 };
export function signInFailuresPerAccountClient(): RateLimitRule {
  return { name: "sign-in:account-client", limit: settings().SIGN_IN_FAILURES_PER_ACCOUNT_CLIENT, windowSeconds: 15 * 60 };
}

/**
 * The throttle subject for one account from one address, by the typed email whether an account has
 * it or not (a hash: typed input can hold anything, a NUL byte included, and the key stays short).
 */
export function accountClientSubject(email: string, clientAddress: string): string {
  return `${accountThrottleKey(email)}|${clientAddress}`;
}

export function accountThrottleKey(email: string): string {
  return createHash("sha256").update(email.trim().toLowerCase()).digest("hex").slice(0, 32);
}

// A real argon2id hash (same parameters as lib/server/auth/password.ts) of a random string nobody
// knows: verifying against it when the email is unknown or deactivated costs the same
// time as a real check, so response times do not tell which accounts exist.
export const DUMMY_PASSWORD_HASH = "$argon2id$v=19$m=19456,t=2,p=1$tru/CKISfTEto+55X/+qBw$ZMd89R+eV9xKFcC1u4fARZgtHNWqA9wuL4ATSscGiu0";

export type SignInAttempt = { email: unknown; password: unknown; clientAddress: string };

/** What the session is issued for; every request then re-reads the account (loadAgentActor). */
export type SignedInAgent = { id: string; email: string; name: string; role: AgentRole };

/**
 * Checks an agent's email and password. Returns the agent, or null for every kind of refusal —
 * unknown email, wrong password, deactivated account — so callers cannot tell them apart. Throws
 * RATE_LIMITED (which reveals nothing about the account) when this client address has failed too
 * often, overall or for this account.
 */
export async function authenticateAgent(
  attempt: SignInAttempt,
  db: PrismaClient = prisma(),
  now: Date = new Date(),
): Promise<SignedInAgent | null> {
  const address = attempt.clientAddress;
  const typedEmail = typeof attempt.email === "string" ? attempt.email : "";
  const throttles: [RateLimitRule, string][] = [
    [SIGN_IN_FAILURES_PER_CLIENT, address],
    [signInFailuresPerAccountClient(), accountClientSubject(typedEmail, address)],
  ];
  for (const [rule, subject] of throttles) {
    const failures = await peekRateLimit(rule, subject, db, now);
    if (!failures.allowed) {
      throw new AppError("RATE_LIMITED", {
        detail: `${rule.name} for ${subject}`,
        params: { retryAfterSeconds: failures.retryAfterSeconds },
      });
    }
  }
  await enforceRateLimits([[SIGN_IN_ATTEMPTS_PER_CLIENT, address]], db);

  const parsed = signInSchema.safeParse({ email: attempt.email, password: attempt.password });
  if (!parsed.success) {
    await verifyPassword(DUMMY_PASSWORD_HASH, "");
    await consumeRateLimits(throttles, db, now);
    return null;
  }
  const { email, password } = parsed.data;
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, role: true, active: true, passwordHash: true },
  });
  const passwordMatches = await verifyPassword(user?.passwordHash ?? DUMMY_PASSWORD_HASH, password);

  if (user && user.active && passwordMatches) {
    await db.user.update({ where: { id: user.id }, data: { failedSignIns: 0, lastSignInAt: now } });
    return { id: user.id, email: user.email, name: user.name, role: user.role };
  }

  // Counted for admins to see; it locks nothing.
  if (user && user.active) {
    await db.$executeRaw`UPDATE users SET failed_sign_ins = failed_sign_ins + 1 WHERE id = ${user.id}::uuid`;
  }
  await consumeRateLimits(throttles, db, now);
  return null;
}

/**
 * Clears an account's sign-in throttles from every address and its second-factor throttle (an
 * admin's "unlock"), so its agent can try again at once.
 */
export async function clearSignInThrottles(db: Prisma.TransactionClient | PrismaClient, user: { id: string; email: string }): Promise<void> {
  const accountPrefix = `${signInFailuresPerAccountClient().name}:${accountThrottleKey(user.email)}|`;
  await db.$executeRaw`DELETE FROM rate_limit_buckets WHERE starts_with(key, ${accountPrefix}) OR key = ${`second-factor:account:${user.id}`}`;
  await db.user.update({ where: { id: user.id }, data: { failedSignIns: 0 } });
}
