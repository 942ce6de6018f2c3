import { AppError } from "@/lib/errors.ts";
import { agentRoute } from "@/lib/server/http/route-handler.ts";
import { listQueue } from "@/lib/server/tickets/queue.ts";
import { parseQueueQuery } from "@/lib/validation/queue.ts";

/**
 * GET /api/agent/tickets?<queue filters> — the queue page's data as JSON (same filters and
 * cursors as the page URL). The open queue refreshes itself through this on live updates.
 */
export const GET = agentRoute({ name: "agent-queue" }, async (request, { actor }) => {
  const parsed = parseQueueQuery(request.nextUrl.searchParams);
  if (!parsed.success) {
    throw new AppError("VALIDATION_FAILED", { detail: `queue query: ${parsed.issues.map((issue) => issue.path).join(", ")}`, issues: parsed.issues });
  }
  return Response.json(await listQueue(actor, parsed.query), { headers: { "Cache-Control": "no-store" } });
});
