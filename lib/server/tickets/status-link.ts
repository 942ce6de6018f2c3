import { createHash, createHmac } from "node:crypto";
import { applicationSecret } from "@/lib/server/config/secrets.ts";
import type { Environment } from "@/lib/server/config/environment.ts";

/**
 * The private status link is /status/<token>. The token is derived from the ticket id with the
 * application secret, so every later email can carry the link, while the database stores only
 * the token's hash for lookups (a leaked database row is not a working link). Changing the
 * secret invalidates every status link.
 */
export function statusTokenFor(ticketId: string, env: Environment = process.env): string {
  return createHmac("sha256", applicationSecret(env)).update(`status-link:v1:${ticketId}`).digest("base64url");
}

/** What tickets.status_token_hash stores and what an incoming token is looked up by. */
export function hashStatusToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function statusPath(token: string): string {
  return `/status/${token}`;
}

export function publicBaseUrl(env: Environment = process.env): string {
  return (env.APP_BASE_URL || env.NEXTAUTH_URL || `http://localhost:${env.PORT || 3000}`).replace(/\/+$/, "");
}

export function statusUrlFor(ticketId: string, env: Environment = process.env): string {
  return `${publicBaseUrl(env)}${statusPath(statusTokenFor(ticketId, env))}`;
}

/** Tokens are 43 base64url characters; anything else is refused before touching the database. */
export function isWellFormedStatusToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
