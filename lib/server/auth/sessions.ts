import "server-only";
import type { Prisma, PrismaClient } from "@/generated/prisma/client.ts";
import { AppError } from "@/lib/errors.ts";
import { settings } from "@/lib/server/config/settings.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { UUID_PATTERN } from "@/lib/validation/identifiers.ts";
import { agentTransaction, type AgentActor, type AgentRole } from "./actor.ts";
import { secondFactorRequired } from "./policy.ts";

/**
 * Server-side sessions (agent_sessions). next-auth's JWT cookie carries only the session id
 * (`sid`) next to the user id; every page, action, route and live stream resolves it here, so a
 * session ended in the database is refused at its very next request, whatever the cookie says:
 *
 * - sign-out ends the session; a password change, a factor change or "sign out everywhere" ends
 *   the agent's other sessions (or all of them); deactivation, a role change and an admin's
 *   factor reset end all of them;
 * - SESSION_MAX_AGE_HOURS after sign-in (absolute) and SESSION_IDLE_TIMEOUT_MINUTES after the
 *   last request a session ends by itself.
 *
 * Ending a session is an UPDATE of ended_at, which a trigger announces on the live channel so
 * every instance closes that session's open event streams at once (lib/server/live/sse.ts).
 */

type Db = PrismaClient | Prisma.TransactionClient;

export type SessionMethod = "PASSWORD" | "PASSKEY" | "SSO";
export type SessionEndReason =
  | "signed-out"
  | "password-changed"
  | "factors-changed"
  | "factors-reset"
  | "deactivated"
  | "role-changed"
  | "revoked"
  | "signed-out-everywhere"
  | "expired"
  | "idle";

/** last_seen_at is written at most this often per session (not on every request). */
const TOUCH_INTERVAL_MS = 60_000;

export type NewSession = {
  userId: string;
  method: SessionMethod;
  /** true when the sign-in itself verified a second factor (a passkey, or SSO trusted for MFA) */
  secondFactorVerified: boolean;
  userAgent: string;
  clientAddress: string;
};

export async function createAgentSession(input: NewSession, db: Db = prisma(), now: Date = new Date()): Promise<string> {
  const row = await db.agentSession.create({
    data: {
      userId: input.userId,
      method: input.method,
      secondFactorAt: input.secondFactorVerified ? now : null,
      userAgent: input.userAgent.slice(0, 300),
      clientAddress: input.clientAddress.slice(0, 100),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + settings().SESSION_MAX_AGE_HOURS * 3_600_000),
    },
    select: { id: true },
  });
  return row.id;
}

/** What a session cookie stands for now. */
export type SessionResolution =
  /** signed in: the actor every data function takes */
  | { status: "active"; actor: AgentActor; secondFactorAt: Date | null; method: SessionMethod }
  /**
   * Password (or SSO) accepted, second factor still owed: the session reaches only the pages and
   * actions that finish sign-in (enter a code, use a passkey, or enrol a first factor).
   */
  | { status: "second-factor"; pending: PendingAgent };

/** A half-signed-in agent: not an AgentActor, so no data function accepts it. */
export type PendingAgent = Readonly<{ id: string; email: string; name: string; role: AgentRole; sessionId: string; mustEnrol: boolean }>;

type SessionRow = {
  id: string;
  user_id: string;
  method: string;
  second_factor_at: Date | null;
  last_seen_at: Date;
  expires_at: Date;
  ended_at: Date | null;
  email: string;
  name: string;
  role: AgentRole;
  active: boolean;
  factor_count: number;
  mfa_required_for_admins: boolean | null;
  mfa_required_for_all: boolean | null;
};

/**
 * The session with this id as it stands now, or null when it does not exist, has ended, has run
 * past its absolute or idle limit (it is then ended, so its streams close too) or belongs to an
 * account that is no longer active. One query. `touch` records the request as activity (the live
 * stream and presence heartbeats do not, so an open tab alone does not keep a session alive).
 */
export async function resolveSession(
  sessionId: unknown,
  options: { touch?: boolean; userId?: unknown } = {},
  db: PrismaClient = prisma(),
  now: Date = new Date(),
): Promise<SessionResolution | null> {
  if (typeof sessionId !== "string" || !UUID_PATTERN.test(sessionId)) return null;
  const rows = await db.$queryRaw<SessionRow[]>`
    SELECT s.id, s.user_id, s.method, s.second_factor_at, s.last_seen_at, s.expires_at, s.ended_at,
           u.email, u.name, u.role::text AS role, u.active,
           (SELECT count(*)::int FROM second_factors f WHERE f.user_id = u.id AND f.confirmed_at IS NOT NULL) AS factor_count,
           p.mfa_required_for_admins, p.mfa_required_for_all
    FROM agent_sessions s
    JOIN users u ON u.id = s.user_id
    LEFT JOIN security_policy p ON p.id = 1
    WHERE s.id = ${sessionId}::uuid`;
  const row = rows[0];
  if (!row || row.ended_at || !row.active) return null;
  // a cookie whose user id disagrees with its session id was not made by us
  if (options.userId !== undefined && options.userId !== row.user_id) return null;
  const idleLimit = settings().SESSION_IDLE_TIMEOUT_MINUTES * 60_000;
  if (now >= row.expires_at || now.getTime() - row.last_seen_at.getTime() >= idleLimit) {
    await endSession(row.id, now >= row.expires_at ? "expired" : "idle", db, now);
    return null;
  }
  if (options.touch !== false && now.getTime() - row.last_seen_at.getTime() >= TOUCH_INTERVAL_MS) {
    await db.$executeRaw`UPDATE agent_sessions SET last_seen_at = ${now} WHERE id = ${row.id}::uuid AND ended_at IS NULL`;
  }
  const policy = {
    mfaRequiredForAdmins: row.mfa_required_for_admins ?? true,
    mfaRequiredForAll: row.mfa_required_for_all ?? false,
  };
  const identity = { id: row.user_id, email: row.email, name: row.name, role: row.role };
  if (!row.second_factor_at && secondFactorRequired(policy, row.role, Number(row.factor_count))) {
    return { status: "second-factor", pending: { ...identity, sessionId: row.id, mustEnrol: Number(row.factor_count) === 0 } };
  }
  return {
    status: "active",
    actor: { ...identity, sessionId: row.id } as AgentActor,
    secondFactorAt: row.second_factor_at,
    method: row.method as SessionMethod,
  };
}

/** Ends one session (no-op when it already ended). */
export async function endSession(sessionId: string, reason: SessionEndReason, db: Db = prisma(), now: Date = new Date()): Promise<void> {
  if (!UUID_PATTERN.test(sessionId)) return;
  await db.agentSession.updateMany({ where: { id: sessionId, endedAt: null }, data: { endedAt: now, endReason: reason } });
}

/** Ends every open session of an account, except `exceptSessionId` (the one making the change). */
export async function endSessionsOf(
  userId: string,
  reason: SessionEndReason,
  db: Db = prisma(),
  options: { exceptSessionId?: string | null; now?: Date } = {},
): Promise<number> {
  const { count } = await db.agentSession.updateMany({
    where: { userId, endedAt: null, ...(options.exceptSessionId ? { id: { not: options.exceptSessionId } } : {}) },
    data: { endedAt: options.now ?? new Date(), endReason: reason },
  });
  return count;
}

/** Records that a second factor was verified in this session just now (sign-in or step-up). */
export async function markSecondFactor(sessionId: string, db: Db = prisma(), now: Date = new Date()): Promise<void> {
  await db.agentSession.updateMany({ where: { id: sessionId, endedAt: null }, data: { secondFactorAt: now, lastSeenAt: now } });
}

export type SessionSummary = {
  id: string;
  method: SessionMethod;
  userAgent: string;
  clientAddress: string;
  createdAt: Date;
  lastSeenAt: Date;
  current: boolean;
};

/** The agent's open sessions, most recent first (the account page). */
export async function listOwnSessions(actor: AgentActor, db: PrismaClient = prisma(), now: Date = new Date()): Promise<SessionSummary[]> {
  return agentTransaction(actor, async (tx) => {
    const idleSince = new Date(now.getTime() - settings().SESSION_IDLE_TIMEOUT_MINUTES * 60_000);
    const rows = await tx.agentSession.findMany({
      where: { userId: actor.id, endedAt: null, expiresAt: { gt: now }, lastSeenAt: { gt: idleSince } },
      orderBy: { lastSeenAt: "desc" },
      select: { id: true, method: true, userAgent: true, clientAddress: true, createdAt: true, lastSeenAt: true },
    });
    return rows.map((row) => ({ ...row, method: row.method as SessionMethod, current: row.id === actor.sessionId }));
  }, db);
}

/** Ends one of the agent's own sessions (another device, or this one). */
export async function revokeOwnSession(actor: AgentActor, sessionId: string, db: PrismaClient = prisma()): Promise<void> {
  await agentTransaction(actor, async (tx) => {
    const { count } = await tx.agentSession.updateMany({
      where: { id: sessionId, userId: actor.id, endedAt: null },
      data: { endedAt: new Date(), endReason: "revoked" },
    });
    if (count === 0) throw new AppError("NOT_FOUND", { detail: `session ${sessionId} of ${actor.id}` });
  }, db);
}

/** "Sign out everywhere": every session of the agent, this one included. */
export async function signOutEverywhere(actor: AgentActor, db: PrismaClient = prisma()): Promise<number> {
  return agentTransaction(actor, (tx) => endSessionsOf(actor.id, "signed-out-everywhere", tx), db);
}
