import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { isDashboardPath, isSignInFlowPath, signInPathFor } from "@/lib/auth/routes.ts";
import { applicationSecret } from "@/lib/server/config/secrets.ts";
import { contentSecurityPolicy, isFramedPreviewPath } from "@/lib/server/http/security-headers.ts";

/**
 * Runs before pages: gives each response a CSP with a fresh nonce (Next.js reads it from the
 * request header and puts it on its scripts), and sends visitors without a valid session cookie
 * from dashboard pages to the sign-in page. That redirect is a convenience only: every agent page,
 * server action and route handler checks the session and role itself (lib/server/auth/session.ts).
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  // Sign-in, its second-factor steps and reset links handle a missing or pending session themselves.
  if (isDashboardPath(pathname) && !isSignInFlowPath(pathname)) {
    const token = await getToken({ req: request, secret: applicationSecret() });
    if (!token) return NextResponse.redirect(new URL(signInPathFor(`${pathname}${search}`), request.url));
  }

  const policy = contentSecurityPolicy(Buffer.from(crypto.randomUUID()).toString("base64"), undefined, {
    framedBySelf: isFramedPreviewPath(pathname),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  matcher: [
    // dashboard pages, prefetches included, for the sign-in redirect
    "/agent",
    "/agent/:path*",
    // every page for the CSP; not API routes, static files or prefetches (they are not documents)
    {
      source: "/((?!api|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
