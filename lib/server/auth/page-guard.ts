import "server-only";
import { redirect } from "next/navigation";
import { DASHBOARD_PATH, secondFactorPathFor, signInPathFor } from "@/lib/auth/routes.ts";
import { roleAllows, type AgentActor } from "./actor.ts";
import { currentSession } from "./session.ts";

/**
 * For dashboard pages and layouts: the signed-in agent, or a redirect to the sign-in page — or,
 * for a session still owing its second factor, to the page that takes it (or enrols a first one).
 * Every page calls this itself (not only its layout): Next.js may render a page without re-running
 * the layouts above it on client-side navigation.
 */
export async function agentForPage(callbackPath: string = DASHBOARD_PATH): Promise<AgentActor> {
  const session = await currentSession();
  if (!session) redirect(signInPathFor(callbackPath));
  if (session.status === "second-factor") redirect(secondFactorPathFor(session.pending.mustEnrol, callbackPath));
  return session.actor;
}

/** For the content editor's pages: the signed-in editor or admin, or null for an agent (the page says so). */
export async function editorForPage(callbackPath: string): Promise<AgentActor | null> {
  const agent = await agentForPage(callbackPath);
  return roleAllows(agent.role, "EDITOR") ? agent : null;
}

/** For admin pages: the signed-in admin, or null for an agent (the page shows "admins only"). */
export async function adminForPage(callbackPath: string): Promise<AgentActor | null> {
  const agent = await agentForPage(callbackPath);
  return agent.role === "ADMIN" ? agent : null;
}
