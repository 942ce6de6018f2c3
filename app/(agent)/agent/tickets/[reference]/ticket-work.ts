import type { ActionResponse } from "@/lib/actions/action-result.ts";
import type { TicketChangeResult } from "@/lib/server/tickets/agent-actions.ts";
import type { AgentTicketView } from "@/lib/server/tickets/agent-view.ts";

// Types the ticket workspace shares with its panels, here so the panels need not import the workspace.

/** The part of the agent's ticket view the workspace's forms and live updates work with. */
export type WorkspaceTicket = Pick<
  AgentTicketView,
  "id" | "reference" | "status" | "priority" | "category" | "language" | "slaDueAt" | "firstRespondedAt" | "version" | "assignee"
>;

/** The ticket as this agent's forms know it: what their next change will be checked against. */
export type TicketSnapshot = Pick<WorkspaceTicket, "version" | "status" | "priority" | "category" | "assignee">;

/** Runs one ticket action, then adopts the version it answers or shows why it was refused. */
export type PerformTicketAction = (action: () => Promise<ActionResponse<TicketChangeResult | null>>, success: string, after?: () => void) => void;
