import "server-only";
import { createHash, createHmac } from "node:crypto";
import { applicationSecret } from "@/lib/server/config/secrets.ts";
import { settings, type Settings } from "@/lib/server/config/settings.ts";

/**
 * The private status link is /status/<token>. The token is derived from the ticket id with the
 * application secret, so every later email can carry the link, while the database stores only
 * the token's hash for lookups (a leaked database row is not a working link). Changing the
 * secret invalidates every status link.
 */
export function statusTokenFor(ticketId: string, secret: string = applicationSecret()): string {
  return createHmac("sha256", secret).update(`status-link:v1:${ticketId}`).digest("base64url");
}

/** What tickets.status_token_hash stores and what an incoming token is looked up by. */
export function hashStatusToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function statusPath(token: string): string {
  return `/status/${token}`;
}

export function statusUrlFor(ticketId: string, config: Settings = settings()): string {
  return `${config.APP_BASE_URL}${statusPath(statusTokenFor(ticketId, applicationSecret(config)))}`;
}

/** Tokens are 43 base64url characters; anything else is refused before touching the database. */
export function isWellFormedStatusToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
