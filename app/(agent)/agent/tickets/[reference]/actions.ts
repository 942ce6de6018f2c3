"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/server/actions/run-action.ts";
import { requireAgent } from "@/lib/server/auth/session.ts";
import {
  addInternalNote,
  assignTicket,
  changeTicketCategory,
  changeTicketPriority,
  changeTicketStatus,
  claimTicket,
  replyToTicket,
  type TicketChangeResult,
} from "@/lib/server/tickets/agent-actions.ts";
import {
  assignSchema,
  categoryChangeSchema,
  claimSchema,
  noteSchema,
  priorityChangeSchema,
  replySchema,
  statusChangeSchema,
} from "@/lib/validation/ticket-work.ts";

// Every action checks the session and validates its input itself; the page hiding a button is
// not a permission. The ticket page is re-rendered in the same round trip (revalidatePath).

function refreshTicketPages() {
  revalidatePath("/agent/tickets/[reference]", "page");
}

export async function claimAction(input: unknown): Promise<ActionResult<TicketChangeResult>> {
  return runAction("ticket-claim", async () => {
    const agent = await requireAgent();
    const result = await claimTicket(agent, claimSchema.parse(input));
    refreshTicketPages();
    return result;
  });
}

export async function assignAction(input: unknown): Promise<ActionResult<TicketChangeResult>> {
  return runAction("ticket-assign", async () => {
    const agent = await requireAgent();
    const { assigneeId, ...change } = assignSchema.parse(input);
    const result = await assignTicket(agent, { ...change, assigneeId: assigneeId || null });
    refreshTicketPages();
    return result;
  });
}

export async function statusAction(input: unknown): Promise<ActionResult<TicketChangeResult>> {
  return runAction("ticket-status", async () => {
    const agent = await requireAgent();
    const result = await changeTicketStatus(agent, statusChangeSchema.parse(input));
    refreshTicketPages();
    return result;
  });
}

export async function priorityAction(input: unknown): Promise<ActionResult<TicketChangeResult>> {
  return runAction("ticket-priority", async () => {
    const agent = await requireAgent();
    const result = await changeTicketPriority(agent, priorityChangeSchema.parse(input));
    refreshTicketPages();
    return result;
  });
}

export async function categoryAction(input: unknown): Promise<ActionResult<TicketChangeResult>> {
  return runAction("ticket-category", async () => {
    const agent = await requireAgent();
    const result = await changeTicketCategory(agent, categoryChangeSchema.parse(input));
    refreshTicketPages();
    return result;
  });
}

export async function replyAction(input: unknown): Promise<ActionResult<TicketChangeResult>> {
  return runAction("ticket-reply", async () => {
    const agent = await requireAgent();
    const { messageId: _messageId, ...result } = await replyToTicket(agent, replySchema.parse(input));
    refreshTicketPages();
    return result;
  });
}

export async function noteAction(input: unknown): Promise<ActionResult<null>> {
  return runAction("ticket-note", async () => {
    const agent = await requireAgent();
    await addInternalNote(agent, noteSchema.parse(input));
    refreshTicketPages();
    return null;
  });
}
