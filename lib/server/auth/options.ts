import "server-only";
import type { NextAuthOptions, User } from "next-auth";
import type { OAuthConfig } from "next-auth/providers/oauth";
import CredentialsProvider from "next-auth/providers/credentials";
import { SIGN_IN_PATH } from "@/lib/auth/routes.ts";
import { AppError, isAppError } from "@/lib/errors.ts";
import { applicationSecret } from "@/lib/server/config/secrets.ts";
import { settings } from "@/lib/server/config/settings.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { clientAddress } from "@/lib/server/http/client-address.ts";
import { consumeRateLimit, peekRateLimit } from "@/lib/server/rate-limit.ts";
import { createAgentSession, endSession, resolveSession, type SessionMethod } from "./sessions.ts";
import { authenticateAgent, SIGN_IN_FAILURES_PER_CLIENT } from "./sign-in.ts";
import { verifyAuthentication } from "./webauthn.ts";

/**
 * next-auth configuration. Three ways in, each ending in a row of agent_sessions whose id the JWT
 * carries (`sid`); the JWT is only a pointer, the row is the session (lib/server/auth/sessions.ts):
 *
 * - `credentials`: email + password (lib/server/auth/sign-in.ts). Where a second factor is
 *   required the session starts "owing" it and reaches only /agent/verify or /agent/enrol.
 * - `passkey`: a WebAuthn assertion with user verification — two factors in one, phishing-resistant.
 * - `oidc`: single sign-on through the configured OpenID Connect provider, for existing active
 *   agents whose *verified* email matches (no account is ever created by SSO). The app's MFA
 *   policy still applies after it unless SSO_SATISFIES_MFA=true (the organisation's provider
 *   enforces MFA itself).
 *
 * SSO_ONLY=true leaves only `oidc`. Options are built per request so the secret is read at run
 * time, never during `next build`, and so the session row can record the device and address.
 */

/** What our providers hand to the jwt callback on sign-in. */
type SignedIn = User & { method?: SessionMethod; secondFactorVerified?: boolean };

/** Thrown in the jwt callback for a cookie whose session has ended: next-auth then clears the cookie. */
class SessionEndedError extends Error {
  constructor() {
    super("session ended");
    this.name = "SessionEndedError";
  }
}

function codeOf(error: unknown): string {
  if (isAppError(error)) return error.code;
  console.error("[auth] sign-in failed:", error);
  return "INTERNAL";
}

export function authOptions(request?: Request): NextAuthOptions {
  const config = settings();
  const requestHeaders = new Headers(request?.headers);
  const address = clientAddress(requestHeaders);
  const userAgent = requestHeaders.get("user-agent") ?? "";
  const providers: NextAuthOptions["providers"] = [];

  if (!config.SSO_ONLY) {
    providers.push(
      CredentialsProvider({
        id: "credentials",
        name: "SupportGate",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials): Promise<SignedIn | null> {
          try {
            const agent = await authenticateAgent({ email: credentials?.email, password: credentials?.password, clientAddress: address });
            return agent && { ...agent, method: "PASSWORD", secondFactorVerified: false };
          } catch (error) {
            // next-auth hands the message to the browser as ?error=…: only our code, never detail.
            throw new Error(codeOf(error));
          }
        },
      }),
      CredentialsProvider({
        id: "passkey",
        name: "Passkey",
        credentials: { challengeId: { type: "text" }, response: { type: "text" } },
        async authorize(credentials): Promise<SignedIn | null> {
          try {
            const failures = await peekRateLimit(SIGN_IN_FAILURES_PER_CLIENT, address);
            if (!failures.allowed) throw new AppError("RATE_LIMITED", { detail: `passkey sign-in failures from ${address}` });
            let response: unknown = null;
            try {
              response = JSON.parse(credentials?.response ?? "null");
            } catch {
              response = null;
            }
            const verified = await verifyAuthentication("sign-in", null, credentials?.challengeId, response);
            const user = verified && (await prisma().user.findFirst({ where: { id: verified.userId, active: true }, select: { id: true, email: true, name: true, role: true } }));
            if (!user) {
              await consumeRateLimit(SIGN_IN_FAILURES_PER_CLIENT, address);
              return null;
            }
            await prisma().user.update({ where: { id: user.id }, data: { lastSignInAt: new Date(), failedSignIns: 0 } });
            return { ...user, method: "PASSKEY", secondFactorVerified: true };
          } catch (error) {
            throw new Error(codeOf(error));
          }
        },
      }),
    );
  }

  if (config.OIDC) {
    const sso: OAuthConfig<{ sub: string; email?: string; email_verified?: boolean; name?: string }> = {
      id: "oidc",
      name: config.OIDC.name,
      type: "oauth",
      wellKnown: `${config.OIDC.issuer}/.well-known/openid-configuration`,
      clientId: config.OIDC.clientId,
      clientSecret: config.OIDC.clientSecret,
      // The ID token is checked (signature, issuer, audience, nonce); the claims also come from the
      // userinfo endpoint (its subject must match the ID token's), since some providers leave email
      // and email_verified out of the ID token when they issue an access token.
      idToken: true,
      checks: ["pkce", "state", "nonce"],
      userinfo: {
        async request({ client, tokens }) {
          // next-auth hands over openid-client's TokenSet (typed as its plain parameters)
          const tokenSet = tokens as unknown as Parameters<typeof client.userinfo>[0] & { claims(): Record<string, unknown> };
          return { ...tokenSet.claims(), ...(await client.userinfo(tokenSet)) };
        },
      },
      authorization: { params: { scope: "openid email profile" } },
      profile: (profile) => ({ id: profile.sub, email: profile.email ?? "", name: profile.name ?? profile.email ?? "", role: "AGENT" }),
    };
    providers.push(sso);
  }

  /** The active agent an SSO profile stands for: verified email only, never a new account. */
  async function agentForSso(profile: unknown) {
    const claims = (profile ?? {}) as { email?: unknown; email_verified?: unknown };
    if (typeof claims.email !== "string" || claims.email_verified !== true) {
      console.warn(`[auth] SSO sign-in refused: the provider gave no verified email (claims: ${Object.keys(claims).join(", ")})`);
      return null;
    }
    const agent = await prisma().user.findFirst({ where: { email: claims.email.trim().toLowerCase(), active: true }, select: { id: true, email: true, name: true, role: true } });
    if (!agent) console.warn("[auth] SSO sign-in refused: no active agent has that verified email");
    return agent;
  }

  return {
    secret: applicationSecret(config),
    session: { strategy: "jwt", maxAge: Math.ceil(config.SESSION_MAX_AGE_HOURS * 3600) },
    pages: { signIn: SIGN_IN_PATH, error: SIGN_IN_PATH },
    providers,
    logger: {
      error(code, metadata) {
        const cause = (metadata as { error?: unknown } | undefined)?.error ?? metadata;
        if (cause instanceof SessionEndedError && code === "JWT_SESSION_ERROR") return;
        console.error(`[next-auth] ${code}`, metadata);
      },
      warn(code) {
        if (code !== "NEXTAUTH_URL" && code !== "DEBUG_ENABLED") console.warn(`[next-auth] ${code}`);
      },
      debug() {},
    },
    callbacks: {
      async signIn({ account, profile }) {
        if (account?.provider !== "oidc") return true;
        return Boolean(await agentForSso(profile));
      },
      async jwt({ token, user, account, profile }) {
        if (user) {
          // Sign-in: record the session; the token carries its id and the account's.
          const signedIn = account?.provider === "oidc" ? await agentForSso(profile) : (user as SignedIn);
          if (!signedIn) throw new SessionEndedError();
          const method: SessionMethod = account?.provider === "oidc" ? "SSO" : ((user as SignedIn).method ?? "PASSWORD");
          const secondFactorVerified = method === "SSO" ? config.SSO_SATISFIES_MFA : Boolean((user as SignedIn).secondFactorVerified);
          if (method === "SSO") await prisma().user.update({ where: { id: signedIn.id }, data: { lastSignInAt: new Date() } });
          const sid = await createAgentSession({ userId: signedIn.id, method, secondFactorVerified, userAgent, clientAddress: address });
          return { sub: signedIn.id, sid, name: signedIn.name, email: signedIn.email, role: signedIn.role };
        }
        // Every later read (/api/auth/session): the session as the database has it now. An ended
        // session clears the cookie instead of being renewed, and the role is never a stale copy.
        const resolution = await resolveSession(token.sid, { userId: token.sub, touch: false });
        if (!resolution) throw new SessionEndedError();
        const identity = resolution.status === "active" ? resolution.actor : resolution.pending;
        return { ...token, name: identity.name, email: identity.email, role: identity.role, secondFactorPending: resolution.status !== "active" };
      },
      session({ session, token }) {
        if (session.user && token.sub) {
          session.user.id = token.sub;
          session.user.role = token.role;
          session.user.secondFactorPending = token.secondFactorPending ?? false;
        }
        return session;
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === "string") await endSession(token.sid, "signed-out");
      },
    },
  };
}
