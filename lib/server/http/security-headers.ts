import type { Environment } from "@/lib/server/config/environment.ts";

/**
 * The Content-Security-Policy of every page. Scripts run only with this response's nonce (Next.js
 * puts it on its own scripts) and what they load ('strict-dynamic'); no eval outside development.
 * Inline styles stay allowed: React renders style attributes, and injected CSS cannot run code.
 * Uploads to UploadThing need its hosts (or a configured ingest URL) in connect-src.
 */
export function contentSecurityPolicy(nonce: string, env: Environment = process.env): string {
  const connect = ["'self'"];
  if (env.UPLOADTHING_TOKEN) connect.push("https://*.uploadthing.com", "https://*.ingest.uploadthing.com", "https://*.ufs.sh", "https://utfs.io");
  const ingestOrigin = originOf(env.UPLOADTHING_INGEST_URL);
  if (ingestOrigin) connect.push(ingestOrigin);
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${env.NODE_ENV === "development" ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    `connect-src ${connect.join(" ")}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (servedOverTls(env)) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/**
 * HSTS only behind TLS: when the public URL is https, or when a trusted reverse proxy says it
 * received the request over https (`forwardedProto`, see trustedForwardedProto). Over plain http
 * it would be ignored or lock out a dev setup.
 */
export function strictTransportSecurity(env: Environment = process.env, forwardedProto: string | null = null): string | null {
  return servedOverTls(env) || forwardedProto === "https" ? "max-age=31536000; includeSubDomains" : null;
}

function servedOverTls(env: Environment): boolean {
  return (env.APP_BASE_URL || env.NEXTAUTH_URL || "").startsWith("https://");
}

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
