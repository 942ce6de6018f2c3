import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { SIGN_IN_PATH } from "@/lib/auth/routes.ts";
import { isAppError } from "@/lib/errors.ts";
import { applicationSecret } from "@/lib/server/config/secrets.ts";
import { clientAddress } from "@/lib/server/http/client-address.ts";
import { authenticateAgent } from "./sign-in.ts";

/** A working day; after that agents sign in again. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/**
 * next-auth configuration: email + password against our users table, JWT sessions carrying the
 * user id and role. Built on demand so the secret (NEXTAUTH_SECRET, or the generated one in the
 * data folder) is read at request time, never during `next build`.
 */
export function authOptions(): NextAuthOptions {
  return {
    secret: applicationSecret(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: SIGN_IN_PATH, error: SIGN_IN_PATH },
    providers: [
      CredentialsProvider({
        name: "SupportGate",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request) {
          try {
            const agent = await authenticateAgent({
              email: credentials?.email,
              password: credentials?.password,
              clientAddress: clientAddress(new Headers(request.headers as Record<string, string> | undefined)),
            });
            return agent;
          } catch (error) {
            // next-auth hands the message to the browser as ?error=…: only our code, never detail.
            if (isAppError(error)) throw new Error(error.code);
            console.error("[auth] sign-in failed:", error);
            throw new Error("INTERNAL");
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.role = user.role;
        }
        return token;
      },
      session({ session, token }) {
        if (session.user && token.sub) {
          session.user.id = token.sub;
          session.user.role = token.role;
        }
        return session;
      },
    },
  };
}
