import "server-only";

/** Header our server sets on every request; clients cannot supply it (it is overwritten). */
export const CLIENT_ADDRESS_HEADER = "x-supportgate-client-address";

/**
 * Proves to proxy.ts that our own server (scripts/start.ts) worked out the client address: a
 * random value made per server process and passed to the app as SUPPORTGATE_SERVER_SEAL. It is
 * taken off the request before any route sees it.
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
 * For proxy.ts, which every request passes: the request's headers with a client address that
 * came from our server (sealed) or, under a plain `next start` behind `trustedProxyHops`
 * proxies, from the entry those proxies appended to X-Forwarded-For — never one the client wrote.
 */
export function withTrustedClientAddress(headers: Headers, seal: string | undefined, trustedProxyHops: number): Headers {
  const trusted = new Headers(headers);
  const sealed = seal !== undefined && headers.get(SERVER_SEAL_HEADER) === seal;
  trusted.delete(SERVER_SEAL_HEADER);
  if (sealed) return trusted;
  // Next.js fills X-Forwarded-For with the socket's address only when the client sent none, so
  // without a trusted proxy nothing here says who the client is (the server refuses to start so).
  const derived = clientAddressHeaders(headers.get("x-forwarded-for") ?? undefined, undefined, trustedProxyHops);
  for (const [name, value] of Object.entries(derived)) trusted.set(name, value);
  return trusted;
}

/** The address of whoever sent this request, for rate limits and logs. */
export function clientAddress(headers: Headers): string {
  return headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
}
