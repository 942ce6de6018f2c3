import "server-only";
import { decode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { cache } from "react";
import { AppError } from "@/lib/errors.ts";
import { applicationSecret } from "@/lib/server/config/secrets.ts";
import { roleAllows, type AgentActor } from "./actor.ts";
import { resolveSession, type PendingAgent, type SessionResolution } from "./sessions.ts";
import { assertFreshSecondFactor } from "./step-up.ts";

/** next-auth's session cookie: `__Secure-` on https deployments; long tokens come in `.0`, `.1` chunks. */
const SESSION_COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

type CookieJar = { getAll(): { name: string; value: string }[] };

/** The session cookie's value (chunks joined), or null. */
export function sessionCookieValue(jar: CookieJar): string | null {
  const all = jar.getAll();
  for (const name of SESSION_COOKIE_NAMES) {
    const whole = all.find((cookie) => cookie.name === name);
    if (whole) return whole.value;
    const chunks = all
      .filter((cookie) => cookie.name.startsWith(`${name}.`))
      .sort((a, b) => Number(a.name.slice(name.length + 1)) - Number(b.name.slice(name.length + 1)));
    if (chunks.length) return chunks.map((chunk) => chunk.value).join("");
  }
  return null;
}

/** The ids in this request's session cookie (signed and encrypted by next-auth), or null. */
export async function sessionTokenIds(jar: CookieJar): Promise<{ userId: string; sessionId: string } | null> {
  const value = sessionCookieValue(jar);
  if (!value) return null;
  const token = await decode({ token: value, secret: applicationSecret() }).catch(() => null);
  if (!token || typeof token.sub !== "string" || typeof token.sid !== "string") return null;
  return { userId: token.sub, sessionId: token.sid };
}

/**
 * The session behind this request as the database has it now (lib/server/auth/sessions.ts): the
 * cookie only names it. `passive` requests (the live stream, presence heartbeats) do not count as
 * activity for the idle timeout. Cached per request, so a layout and its page share one lookup.
 */
export const currentSession = cache(async (passive: boolean = false): Promise<SessionResolution | null> => {
  const ids = await sessionTokenIds(await cookies());
  if (!ids) return null;
  return resolveSession(ids.sessionId, { userId: ids.userId, touch: !passive });
});

/**
 * The agent behind this request, or null. The session cookie only says which session; the
 * database says whether that session is still open, whether the account is still active, whether
 * the second factor was given, and what the role is now — so a signed-out, deactivated, demoted or
 * password-changed agent's cookie stops working at their next request.
 */
export async function currentAgent(options: { passive?: boolean } = {}): Promise<AgentActor | null> {
  const session = await currentSession(options.passive ?? false);
  return session?.status === "active" ? session.actor : null;
}

/** A session that still owes its second factor (the pages that finish sign-in), or null. */
export async function pendingAgent(): Promise<PendingAgent | null> {
  const session = await currentSession(false);
  return session?.status === "second-factor" ? session.pending : null;
}

export type RequireOptions = {
  /** a sensitive action: a second factor verified within STEP_UP_MAX_AGE_MINUTES (lib/server/auth/step-up.ts) */
  stepUp?: boolean;
  /** does not count as activity for the idle timeout (live stream, heartbeats) */
  passive?: boolean;
};

/**
 * The signed-in agent (AGENT or ADMIN); throws UNAUTHENTICATED when signed out,
 * SECOND_FACTOR_REQUIRED when sign-in is not finished, STEP_UP_REQUIRED for a sensitive action
 * without a fresh second factor.
 */
export async function requireAgent(options: RequireOptions = {}): Promise<AgentActor> {
  const session = await currentSession(options.passive ?? false);
  if (!session) throw new AppError("UNAUTHENTICATED", { detail: "no active agent session" });
  if (session.status === "second-factor") {
    throw new AppError("SECOND_FACTOR_REQUIRED", { detail: `session ${session.pending.sessionId} owes its second factor` });
  }
  if (options.stepUp) await assertFreshSecondFactor(session.actor);
  return session.actor;
}

/** The signed-in editor or admin (self-help content); throws UNAUTHENTICATED when signed out and FORBIDDEN for agents. */
export async function requireEditor(): Promise<AgentActor> {
  const agent = await requireAgent();
  if (!roleAllows(agent.role, "EDITOR")) throw new AppError("FORBIDDEN", { detail: `agent ${agent.id} may not edit content` });
  return agent;
}

/** The signed-in admin; throws UNAUTHENTICATED when signed out and FORBIDDEN for agents. */
export async function requireAdmin(options: RequireOptions = {}): Promise<AgentActor> {
  const agent = await requireAgent({ ...options, stepUp: false });
  if (agent.role !== "ADMIN") throw new AppError("FORBIDDEN", { detail: `agent ${agent.id} is not an admin` });
  if (options.stepUp) await assertFreshSecondFactor(agent);
  return agent;
}

/** For the pages and actions that finish sign-in: a session that owes its second factor. */
export async function requirePendingAgent(): Promise<PendingAgent> {
  const pending = await pendingAgent();
  if (!pending) throw new AppError("UNAUTHENTICATED", { detail: "no session waiting for a second factor" });
  return pending;
}
