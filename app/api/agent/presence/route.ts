import { agentRoute } from "@/lib/server/http/route-handler.ts";
import { leaveTicket, recordPresence } from "@/lib/server/tickets/presence.ts";
import { presenceSchema } from "@/lib/validation/ticket-work.ts";

/** POST /api/agent/presence {ticketId} — heartbeat of an open ticket page; answers who else has it open. */
// passive: a heartbeat is not activity for the session idle timeout (README "Agent sign-in")
export const POST = agentRoute({ name: "agent-presence", sameOrigin: true, passive: true, json: presenceSchema }, async (_request, { actor, body }) => {
  const viewers = await recordPresence(actor, body.ticketId);
  return Response.json({ viewers }, { headers: { "Cache-Control": "no-store" } });
});

/** DELETE /api/agent/presence {ticketId} — the page was closed. */
export const DELETE = agentRoute({ name: "agent-presence", sameOrigin: true, json: presenceSchema }, async (_request, { actor, body }) => {
  await leaveTicket(actor, body.ticketId);
  return new Response(null, { status: 204 });
});
