import type { PriorityCode } from "./priority.ts";
import type { TicketStatusCode } from "./status.ts";
import type { LanguageCode, TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";

/** What every agent-facing shape of a ticket starts with: the queue's row, the ticket page. */
export type TicketSummary = {
  id: string;
  reference: string;
  status: TicketStatusCode;
  priority: PriorityCode;
  category: TicketCategoryCode;
  language: LanguageCode;
  contactEmail: string;
};
