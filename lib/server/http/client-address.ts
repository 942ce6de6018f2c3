import "server-only";
import { settings } from "@/lib/server/config/settings.ts";

/** Header our server sets on every request; clients cannot supply it (it is overwritten). */
export const CLIENT_ADDRESS_HEADER = "x-supportgate-client-address";

/**
 * Proves that our own server (scripts/start.ts) worked out the client address: a random value
 * made per server process and passed to the app as SUPPORTGATE_SERVER_SEAL.
 */
export const SERVER_SEAL_HEADER = "x-supportgate-server-seal";

/**
 * Works out the client's address from the socket, or — behind `trustedProxyHops` reverse
 * proxies — from the entry those proxies appended to X-Forwarded-For. Entries further left were
 * written by the client and are ignored.
 */
export function clientAddressHeaders(
  forwardedFor: string | string[] | undefined,
  socketAddress: string | undefined,
  trustedProxyHops: number,
): Record<string, string> {
  const socket = socketAddress ?? "unknown";
  let client = socket;
  if (trustedProxyHops > 0) {
    const chain = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean);
    client = chain[chain.length - trustedProxyHops] ?? socket;
  }
  return { [CLIENT_ADDRESS_HEADER]: client, "x-forwarded-for": client };
}

/**
 * The scheme the trusted proxies received the request with, from the X-Forwarded-Proto entry
 * they appended (the same position as the client address), or null when no proxy is trusted:
 * a client's own X-Forwarded-Proto says nothing.
 */
export function trustedForwardedProto(forwardedProto: string | string[] | undefined, trustedProxyHops: number): string | null {
  if (trustedProxyHops <= 0) return null;
  const chain = (Array.isArray(forwardedProto) ? forwardedProto.join(",") : (forwardedProto ?? ""))
    .split(",")
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean);
  return chain[chain.length - trustedProxyHops] ?? null;
}

/**
 * The client address of a request: the one our server worked out (sealed with this process's
 * seal) or, under a plain `next start` behind `trustedProxyHops` proxies, the entry those proxies
 * appended to X-Forwarded-For — never one the client wrote. Worked out where it is read, not in
 * proxy.ts: a proxy that sees a request makes Next.js buffer its body, which would undo the
 * upload route's own pacing.
 */
export function trustedClientAddress(headers: Headers, seal: string | undefined, trustedProxyHops: number): string {
  const written = headers.get(CLIENT_ADDRESS_HEADER);
  if (written && seal !== undefined && headers.get(SERVER_SEAL_HEADER) === seal) return written;
  // Next.js fills X-Forwarded-For with the socket's address only when the client sent none, so
  // without a trusted proxy nothing here says who the client is (the server refuses to start so).
  return clientAddressHeaders(headers.get("x-forwarded-for") ?? undefined, undefined, trustedProxyHops)[CLIENT_ADDRESS_HEADER]!;
}

/** The address of whoever sent this request, for rate limits and logs. */
export function clientAddress(headers: Headers): string {
  const { SUPPORTGATE_SERVER_SEAL, TRUSTED_PROXY_HOPS } = settings();
  return trustedClientAddress(headers, SUPPORTGATE_SERVER_SEAL, TRUSTED_PROXY_HOPS);
}
