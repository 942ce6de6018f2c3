import { z } from "zod";
import { PRIORITIES } from "@/lib/tickets/priority.ts";
import { AGENT_SETTABLE_STATUSES } from "@/lib/tickets/status.ts";
import { TICKET_CATEGORIES } from "@/lib/validation/ticket-choices.ts";
import { toStorableText } from "@/lib/validation/storable-text.ts";

/**
 * What an agent sends when working a ticket. Every change names the version the agent saw
 * (no silent overwrites); an internal note only adds and needs none. Messages are keys into
 * messages/<lang>/ticket.json "validation".
 */

export const MESSAGE_MAX_LENGTH = 10_000;

const seenVersion = { ticketId: z.uuid(), version: z.number().int().min(1) };

export const claimSchema = z.strictObject(seenVersion);

export const assignSchema = z.strictObject({
  ...seenVersion,
  // "" gives the ticket to nobody
  assigneeId: z.union([z.uuid(), z.literal("")]),
  /** the agent confirmed taking the ticket from another agent who owns it */
  takeOver: z.boolean().default(false),
});

export const statusChangeSchema = z.strictObject({ ...seenVersion, status: z.enum(AGENT_SETTABLE_STATUSES) });
export const priorityChangeSchema = z.strictObject({ ...seenVersion, priority: z.enum(PRIORITIES) });
export const categoryChangeSchema = z.strictObject({ ...seenVersion, category: z.enum(TICKET_CATEGORIES) });

const messageBody = z
  .string()
  .overwrite(toStorableText)
  .trim()
  .min(1, { error: "body_required" })
  .max(MESSAGE_MAX_LENGTH, { error: "body_too_long" });

/** The reply box as the agent fills it in (react-hook-form) … */
export const replyFormSchema = z.strictObject({
  body: messageBody,
  /** where the ticket goes once the reply is sent; waiting on the customer by default */
  status: z.enum(AGENT_SETTABLE_STATUSES),
});
/** … and as the server action receives it. */
export const replySchema = replyFormSchema.extend(seenVersion);

export const noteFormSchema = z.strictObject({ body: messageBody });
export const noteSchema = noteFormSchema.extend({ ticketId: z.uuid() });

/** The open ticket page's heartbeat (and its goodbye) to /api/agent/presence. */
export const presenceSchema = z.strictObject({ ticketId: z.uuid() });

export type ReplyForm = z.infer<typeof replyFormSchema>;
export type NoteForm = z.infer<typeof noteFormSchema>;
