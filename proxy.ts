import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { isDashboardPath, SIGN_IN_PATH, signInPathFor } from "@/lib/auth/routes.ts";
import { applicationSecret } from "@/lib/server/config/secrets.ts";
import { settings } from "@/lib/server/config/settings.ts";
import { withTrustedClientAddress } from "@/lib/server/http/client-address.ts";
import { contentSecurityPolicy } from "@/lib/server/http/security-headers.ts";

/** Not documents: API routes and the router's prefetches get no CSP of their own. */
function isDocumentRequest(request: NextRequest): boolean {
  if (request.nextUrl.pathname.startsWith("/api/")) return false;
  return !request.headers.has("next-router-prefetch") && request.headers.get("purpose") !== "prefetch";
}

/**
 * Every request passes here. It gets a client address that our server or a trusted proxy worked
 * out, never one the client wrote (rate limits key on it). Documents get a CSP with a fresh nonce
 * (Next.js reads it from the request header and puts it on its scripts). Visitors without a valid
 * session cookie are sent from dashboard pages to the sign-in page; that redirect is a convenience
 * only: every agent page, server action and route handler checks the session and role itself.
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (isDashboardPath(pathname) && pathname !== SIGN_IN_PATH) {
    const token = await getToken({ req: request, secret: applicationSecret() });
    if (!token) return NextResponse.redirect(new URL(signInPathFor(`${pathname}${search}`), request.url));
  }

  const config = settings();
  const requestHeaders = withTrustedClientAddress(request.headers, config.SUPPORTGATE_SERVER_SEAL, config.TRUSTED_PROXY_HOPS);
  if (!isDocumentRequest(request)) return NextResponse.next({ request: { headers: requestHeaders } });
  const policy = contentSecurityPolicy(Buffer.from(crypto.randomUUID()).toString("base64"));
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  // everything but the build's static files
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
