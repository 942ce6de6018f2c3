import "server-only";

/** Header our server sets on every request; clients cannot supply it (it is overwritten). */
export const CLIENT_ADDRESS_HEADER = "x-supportgate-client-address";

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

/** The address of whoever sent this request, for rate limits and logs. */
export function clientAddress(headers: Headers): string {
  return headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
}
