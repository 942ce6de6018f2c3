import "server-only";

/**
 * Whether the request target's path percent-decodes. Next.js answers one that does not (e.g.
 * /status/%E0%A4%A) with a 500; the server refuses it first as the bad request it is.
 */
export function hasDecodablePath(url: string | undefined): boolean {
  const path = (url ?? "/").split("?")[0]!;
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}
