import { isDatabaseReachable } from "@/lib/server/db/health.ts";
import { publicRoute } from "@/lib/server/http/route-handler.ts";

export const dynamic = "force-dynamic";

/** Public contract (README "Intake API"): 200 {"status":"ok"} with the database reachable, 503 otherwise. */
export const GET = publicRoute({ name: "health" }, async () => {
  const reachable = await isDatabaseReachable();
  return Response.json(reachable ? { status: "ok" } : { status: "unavailable" }, {
    status: reachable ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
});
