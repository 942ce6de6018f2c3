import { agentRoute } from "@/lib/server/http/route-handler.ts";
import { liveHub } from "@/lib/server/live/hub.ts";
import { LIVE_STREAM_HEADERS, liveEventStream } from "@/lib/server/live/sse.ts";

/**
 * GET /api/agent/events — Server-Sent Events: every ticket and message change on the database
 * (whichever app instance made it), for signed-in agents. See lib/live/events.ts.
 */
export const GET = agentRoute({ name: "agent-events" }, async (request) =>
  new Response(liveEventStream(liveHub(), request.signal), { headers: LIVE_STREAM_HEADERS }),
);
