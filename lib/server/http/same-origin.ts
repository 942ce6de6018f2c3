import "server-only";
import { AppError } from "@/lib/errors.ts";
import { settings, type Settings } from "@/lib/server/config/settings.ts";

/**
 * CSRF defence for route handlers that change state on the strength of the session cookie: a
 * browser sends Origin (and Sec-Fetch-Site) with every POST and DELETE, and a page on another
 * site must not act with the agent's cookie. SameSite=Lax alone would let a sibling subdomain
 * or an old browser through. Requests without those headers are not from a browser page.
 */
export function assertSameOrigin(request: Request, config: Settings = settings()): void {
  if (request.headers.get("sec-fetch-site") === "cross-site") {
    throw new AppError("FORBIDDEN", { detail: "cross-site request (Sec-Fetch-Site)" });
  }
  const origin = request.headers.get("origin");
  if (origin === null) return;
  const allowed = new Set([request.headers.get("x-forwarded-host"), request.headers.get("host"), hostOf(config.APP_BASE_URL)]);
  const originHost = hostOf(origin);
  if (!originHost || !allowed.has(originHost)) throw new AppError("FORBIDDEN", { detail: `cross-origin request from ${origin}` });
}

function hostOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}
