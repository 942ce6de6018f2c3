import type { PriorityCode } from "./priority.ts";

/** Default first-response targets (README "Tickets and triage"); admins edit the stored ones. */
export const DEFAULT_FIRST_RESPONSE_MINUTES: Record<PriorityCode, number> = {
  URGENT: 60,
  HIGH: 4 * 60,
  NORMAL: 24 * 60,
  LOW: 72 * 60,
};

export function slaDueAt(createdAt: Date, firstResponseMinutes: number): Date {
  return new Date(createdAt.getTime() + firstResponseMinutes * 60_000);
}
