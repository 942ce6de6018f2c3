import "server-only";
import { createHmac } from "node:crypto";
import { isIPv6 } from "node:net";
import { applicationSecret } from "@/lib/server/config/secrets.ts";
import { settings, type Settings } from "@/lib/server/config/settings.ts";
import type { RateLimitRule } from "@/lib/server/rate-limit.ts";

/**
 * The client as self-help's limits and metrics see it: an IPv4 address, or an IPv6 /64, since a
 * phone or a household gets a whole /64 and may pick a new address within it at will.
 */
export function clientNetwork(address: string): string {
  const bare = address.trim().toLowerCase().replace(/%.*$/, "");
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(bare);
  if (mapped) return mapped[1]!;
  if (!isIPv6(bare)) return bare;
  const [head = "", tail] = bare.split("::");
  const leading = head ? head.split(":") : [];
  const trailing = tail ? tail.split(":") : [];
  const groups = [...leading, ...Array<string>(Math.max(0, 8 - leading.length - trailing.length)).fill("0"), ...trailing];
  return `${groups.slice(0, 4).map((group) => parseInt(group, 16).toString(16)).join(":")}::/64`;
}

/**
 * A pseudonym for a session's client, so the metrics count one client once a day however many
 * sessions it runs: a keyed hash (the application secret) of its network and the UTC day. The
 * address is never stored, and the same client gets an unrelated pseudonym the next day.
 */
export function visitorPseudonym(address: string, now: Date, config: Settings = settings()): string {
  return createHmac("sha256", applicationSecret(config))
    .update(`self-help-visitor:v1:${now.toISOString().slice(0, 10)}:${clientNetwork(address)}`)
    .digest("base64url")
    .slice(0, 22);
}

/**
 * Per client network and 10 minutes, far above a person clicking through steps (behind a carrier's
 * shared address, many people are one client); SELF_HELP_STARTS_PER_CLIENT and
 * SELF_HELP_ANSWERS_PER_CLIENT override the defaults.
 */
export function selfHelpRateLimits(config: Settings = settings()): { start: RateLimitRule; answer: RateLimitRule } {
  return {
    start: { name: "self-help:start", limit: config.SELF_HELP_STARTS_PER_CLIENT, windowSeconds: 10 * 60 },
    answer: { name: "self-help:answer", limit: config.SELF_HELP_ANSWERS_PER_CLIENT, windowSeconds: 10 * 60 },
  };
}
