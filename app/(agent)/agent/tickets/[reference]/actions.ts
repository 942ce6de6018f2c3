"use server";

import { revalidatePath } from "next/cache";
import { agentAction } from "@/lib/server/actions/action-client.ts";
import {
  addInternalNote,
  assignTicket,
  changeTicketCategory,
  changeTicketPriority,
  changeTicketStatus,
  claimTicket,
  replyToTicket,
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

// The ticket page is re-rendered in the same round trip (revalidatePath).
function refreshTicketPages() {
  revalidatePath("/agent/tickets/[reference]", "page");
}

const ticketWorkMessages = "ticket.compose.validation";

export const claimAction = agentAction({ name: "ticket-claim" }, claimSchema).action(async ({ parsedInput, ctx }) => {
  const result = await claimTicket(ctx.actor, parsedInput);
  refreshTicketPages();
  return result;
});

export const assignAction = agentAction({ name: "ticket-assign" }, assignSchema).action(async ({ parsedInput, ctx }) => {
  const { assigneeId, ...change } = parsedInput;
  const result = await assignTicket(ctx.actor, { ...change, assigneeId: assigneeId || null });
  refreshTicketPages();
  return result;
});

export const statusAction = agentAction({ name: "ticket-status" }, statusChangeSchema).action(async ({ parsedInput, ctx }) => {
  const result = await changeTicketStatus(ctx.actor, parsedInput);
  refreshTicketPages();
  return result;
});

export const priorityAction = agentAction({ name: "ticket-priority" }, priorityChangeSchema).action(async ({ parsedInput, ctx }) => {
  const result = await changeTicketPriority(ctx.actor, parsedInput);
  refreshTicketPages();
  return result;
});

export const categoryAction = agentAction({ name: "ticket-category" }, categoryChangeSchema).action(async ({ parsedInput, ctx }) => {
  const result = await changeTicketCategory(ctx.actor, parsedInput);
  refreshTicketPages();
  return result;
});

export const replyAction = agentAction({ name: "ticket-reply", validationMessages: ticketWorkMessages }, replySchema).action(
  async ({ parsedInput, ctx }) => {
    const { version, changed } = await replyToTicket(ctx.actor, parsedInput);
    refreshTicketPages();
    return { version, changed };
  },
);

export const noteAction = agentAction({ name: "ticket-note", validationMessages: ticketWorkMessages }, noteSchema).action(
  async ({ parsedInput, ctx }) => {
    await addInternalNote(ctx.actor, parsedInput);
    refreshTicketPages();
    return null;
  },
);
