import type { DefaultSession } from "next-auth";

// What our Credentials provider returns and the JWT / session carry (lib/server/auth/options.ts).
declare module "next-auth" {
  interface User {
    id: string;
    email: string;
    name: string;
    role: "AGENT" | "EDITOR" | "ADMIN";
  }
  interface Session {
    user?: DefaultSession["user"] & { id?: string; role?: "AGENT" | "EDITOR" | "ADMIN" };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    role?: "AGENT" | "EDITOR" | "ADMIN";
  }
}
