import "server-only";
import { getServerSession } from "next-auth/next";
import { cache } from "react";
import { AppError } from "@/lib/errors.ts";
import { loadAgentActor, roleAllows, type AgentActor } from "./actor.ts";
import { authOptions } from "./options.ts";

/**
 * The agent behind this request, or null. The session cookie only says who signed in; the
 * database says whether that account still exists and is active and what its role is now, so a
 * deactivated agent's or demoted admin's token stops working at their next request. Cached per
 * request, so a layout and its page share one lookup.
 */
export const currentAgent = cache(async (): Promise<AgentActor | null> => {
  const session = await getServerSession(authOptions());
  return loadAgentActor(session?.user?.id);
});

/** The signed-in agent (AGENT or ADMIN); throws UNAUTHENTICATED otherwise. */
export async function requireAgent(): Promise<AgentActor> {
  const agent = await currentAgent();
  if (!agent) throw new AppError("UNAUTHENTICATED", { detail: "no active agent session" });
  return agent;
}

/** The signed-in editor or admin (self-help content); throws UNAUTHENTICATED when signed out and FORBIDDEN for agents. */
export async function requireEditor(): Promise<AgentActor> {
  const agent = await requireAgent();
  if (!roleAllows(agent.role, "EDITOR")) throw new AppError("FORBIDDEN", { detail: `agent ${agent.id} may not edit content` });
  return agent;
}

/** The signed-in admin; throws UNAUTHENTICATED when signed out and FORBIDDEN for agents. */
export async function requireAdmin(): Promise<AgentActor> {
  const agent = await requireAgent();
  if (agent.role !== "ADMIN") throw new AppError("FORBIDDEN", { detail: `agent ${agent.id} is not an admin` });
  return agent;
}
