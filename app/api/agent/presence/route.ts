import type { NextRequest } from "next/server";
import { AppError } from "@/lib/errors.ts";
import { requestLocale } from "@/lib/i18n/request.ts";
import { requireAgent } from "@/lib/server/auth/session.ts";
import { errorResponse } from "@/lib/server/http/error-response.ts";
import { assertSameOrigin } from "@/lib/server/http/same-origin.ts";
import { leaveTicket, recordPresence } from "@/lib/server/tickets/presence.ts";
import { presenceSchema } from "@/lib/validation/ticket-work.ts";

async function ticketIdFrom(request: NextRequest): Promise<string> {
  const parsed = presenceSchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) throw new AppError("VALIDATION_FAILED", { detail: "presence body" });
  return parsed.data.ticketId;
}

/** POST /api/agent/presence {ticketId} — heartbeat of an open ticket page; answers who else has it open. */
export async function POST(request: NextRequest): Promise<Response> {
  const language = await requestLocale();
  try {
    assertSameOrigin(request);
    const agent = await requireAgent();
    const viewers = await recordPresence(agent, await ticketIdFrom(request));
    return Response.json({ viewers }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error, language, "agent-presence");
  }
}

/** DELETE /api/agent/presence {ticketId} — the page was closed. */
export async function DELETE(request: NextRequest): Promise<Response> {
  const language = await requestLocale();
  try {
    assertSameOrigin(request);
    const agent = await requireAgent();
    await leaveTicket(agent, await ticketIdFrom(request));
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error, language, "agent-presence");
  }
}
