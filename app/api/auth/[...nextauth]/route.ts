import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/server/auth/options.ts";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

// Options are built per request so the session secret is read at run time, not at build time.
function handler(request: NextRequest, context: RouteContext): Promise<Response> {
  return NextAuth(request, context, authOptions());
}

export { handler as GET, handler as POST };
