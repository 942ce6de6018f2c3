import NextAuth from "next-auth";
import { authOptions } from "@/lib/server/auth/options.ts";
import { publicRoute } from "@/lib/server/http/route-handler.ts";

// Options are built per request so the session secret is read at run time, not at build time.
// next-auth answers its own errors; the wrapper covers anything it lets through.
// The catch-all segment is always a list of path parts.
const handler = publicRoute({ name: "auth" }, (request, { params }) =>
  NextAuth(request, { params: Promise.resolve(params as { nextauth: string[] }) }, authOptions(request)),
);

export { handler as GET, handler as POST };
