import "server-only";
import type { PrismaClient } from "@/generated/prisma/client.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { buildSuggestionIndex, type Suggestion, type SuggestionIndex } from "@/lib/self-help/suggestion-index.ts";
import type { LanguageCode, TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";
import { publishedFlows } from "./content.ts";

// The index of the published revisions, rebuilt when a publish changes one of them (a few dozen
// steps: a millisecond or two). Each request still reads which revisions are published.
let built: { revisions: string; index: SuggestionIndex } | null = null;

/** The published steps that match what the customer typed (lib/self-help/suggestion-index.ts). */
export async function suggestSteps(
  query: string,
  options: { language: LanguageCode; category?: TicketCategoryCode },
  db: PrismaClient = prisma(),
): Promise<Suggestion[]> {
  const flows = await publishedFlows(db);
  const revisions = flows.map((flow) => flow.revisionId).join(",");
  if (built?.revisions !== revisions) built = { revisions, index: buildSuggestionIndex(flows) };
  return built.index.search(query, options);
}
