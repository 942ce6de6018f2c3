import "server-only";
import { redirect } from "next/navigation";
import { DASHBOARD_PATH, signInPathFor } from "@/lib/auth/routes.ts";
import { roleAllows, type AgentActor } from "./actor.ts";
import { currentAgent } from "./session.ts";

/**
 * For dashboard pages and layouts: the signed-in agent, or a redirect to the sign-in page. Every
 * page calls this itself (not only its layout): Next.js may render a page without re-running the
 * layouts above it on client-side navigation.
 */
export async function agentForPage(callbackPath: string = DASHBOARD_PATH): Promise<AgentActor> {
  const agent = await currentAgent();
  if (!agent) redirect(signInPathFor(callbackPath));
  return agent;
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
