import type { NextRequest } from "next/server";
import { requestLocale } from "@/lib/i18n/request.ts";
import { requireAgent } from "@/lib/server/auth/session.ts";
import { errorResponse } from "@/lib/server/http/error-response.ts";
import { liveHub } from "@/lib/server/live/hub.ts";
import { LIVE_STREAM_HEADERS, liveEventStream } from "@/lib/server/live/sse.ts";

/**
 * GET /api/agent/events — Server-Sent Events: every ticket and message change on the database
 * (whichever app instance made it), for signed-in agents. See lib/live/events.ts.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const language = await requestLocale();
  try {
    await requireAgent();
    return new Response(liveEventStream(liveHub(), request.signal), { headers: LIVE_STREAM_HEADERS });
  } catch (error) {
    return errorResponse(error, language, "agent-events");
  }
}
