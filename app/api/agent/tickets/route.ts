import type { NextRequest } from "next/server";
import { AppError } from "@/lib/errors.ts";
import { requestLocale } from "@/lib/i18n/request.ts";
import { requireAgent } from "@/lib/server/auth/session.ts";
import { errorResponse } from "@/lib/server/http/error-response.ts";
import { listQueue } from "@/lib/server/tickets/queue.ts";
import { parseQueueQuery } from "@/lib/validation/queue.ts";

/**
 * GET /api/agent/tickets?<queue filters> — the queue page's data as JSON (same filters and
 * cursors as the page URL). The open queue refreshes itself through this on live updates.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const language = await requestLocale();
  try {
    const agent = await requireAgent();
    const parsed = parseQueueQuery(request.nextUrl.searchParams);
    if (!parsed.success) {
      throw new AppError("VALIDATION_FAILED", { detail: `queue query: ${parsed.issues.map((issue) => issue.path).join(", ")}`, issues: parsed.issues });
    }
    return Response.json(await listQueue(agent, parsed.query), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error, language, "agent-queue");
  }
}
