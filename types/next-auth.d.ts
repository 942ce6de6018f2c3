import type { DefaultSession } from "next-auth";

// What our providers return and the JWT / session carry (lib/server/auth/options.ts). The JWT
// points at a row of agent_sessions; role and name are refreshed from the database on every read.
declare module "next-auth" {
  interface User {
    id: string;
    email: string;
    name: string;
    role: "AGENT" | "EDITOR" | "ADMIN";
  }
  interface Session {
    user?: DefaultSession["user"] & { id?: string; role?: "AGENT" | "EDITOR" | "ADMIN"; secondFactorPending?: boolean };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    /** agent_sessions.id */
    sid?: string;
    role?: "AGENT" | "EDITOR" | "ADMIN";
    secondFactorPending?: boolean;
  }
}
