import type { TicketIntake } from "@/lib/validation/ticket.ts";

export const PRIORITIES = ["URGENT", "HIGH", "NORMAL", "LOW"] as const;
export type PriorityCode = (typeof PRIORITIES)[number];

// Distributes over the union so that narrowing on `category` also narrows `details`.
type CategoryAndDetails = TicketIntake extends infer Intake
  ? Intake extends TicketIntake
    ? Pick<Intake, "category" | "details">
    : never
  : never;

/** Intake priority rules from README "Tickets and triage"; agents may change the result later. */
export function intakePriority(ticket: CategoryAndDetails): PriorityCode {
  switch (ticket.category) {
    case "ACCOUNT":
      if (ticket.details.suspectedUnauthorizedAccess || ticket.details.problem === "UNAUTHORIZED_ACCESS") {
        return "URGENT";
      }
      return ticket.details.problem === "FROZEN" ? "HIGH" : "NORMAL";
    case "TWO_FA": {
      const { problem, hasBackupKey, phoneVerified } = ticket.details;
      const deviceGone = problem === "LOST_DEVICE" || problem === "NO_BACKUP_KEY" || problem === "RESET_REQUEST";
      // Without the phone, the backup key or a verified number the user has no way back in alone.
      return deviceGone && !hasBackupKey && phoneVerified !== "YES" ? "HIGH" : "NORMAL";
    }
    default:
      return "NORMAL";
  }
}
