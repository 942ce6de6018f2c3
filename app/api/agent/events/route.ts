import { resolveSession } from "@/lib/server/auth/sessions.ts";
import { agentRoute } from "@/lib/server/http/route-handler.ts";
import { liveHub } from "@/lib/server/live/hub.ts";
import { LIVE_STREAM_HEADERS, liveEventStream } from "@/lib/server/live/sse.ts";

/**
 * GET /api/agent/events — Server-Sent Events: every ticket and message change on the database
 * (whichever app instance made it), for signed-in agents. See lib/live/events.ts. The stream
 * closes as soon as its session ends (README "Agent sign-in"); it is not activity for the idle
 * timeout, so an open tab alone does not keep a session alive.
 */
export const GET = agentRoute({ name: "agent-events", passive: true }, async (request, { actor }) => {
  const sessionId = actor.sessionId;
  const session = sessionId
    ? { id: sessionId, stillOpen: async () => (await resolveSession(sessionId, { touch: false }))?.status === "active" }
    : undefined;
  const hub = liveHub();
  // "connected" only once this instance LISTENs: a change, or this session's end, right after the
  // browser was told it is connected must not slip by (a database that does not answer gets 5 s).
  await Promise.race([hub.ready(), new Promise((resolve) => setTimeout(resolve, 5_000))]);
  return new Response(liveEventStream(hub, request.signal, { session }), { headers: LIVE_STREAM_HEADERS });
});
