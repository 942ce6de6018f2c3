import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { isDashboardPath, SIGN_IN_PATH, signInPathFor } from "@/lib/auth/routes.ts";
import { applicationSecret } from "@/lib/server/config/secrets.ts";

/**
 * Sends visitors without a valid session cookie from dashboard pages to the sign-in page. This is
 * a convenience only: every agent page, server action and route handler checks the session and
 * role itself (lib/server/auth/session.ts), so nothing depends on this running.
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (isDashboardPath(pathname) && pathname !== SIGN_IN_PATH) {
    const token = await getToken({ req: request, secret: applicationSecret() });
    if (!token) return NextResponse.redirect(new URL(signInPathFor(`${pathname}${search}`), request.url));
  }
  return NextResponse.next();
}

export const config = {
  matcher: ["/agent", "/agent/:path*"],
};
