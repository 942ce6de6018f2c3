import "server-only";
import { settings, type Settings } from "@/lib/server/config/settings.ts";

/**
 * The Content-Security-Policy of every page. Scripts run only with this response's nonce (Next.js
 * puts it on its own scripts) and what they load ('strict-dynamic'); no eval outside development.
 * Inline styles stay allowed: React renders style attributes, and injected CSS cannot run code.
 * Uploads to UploadThing need its hosts (or a configured ingest URL) in connect-src.
 */

/** The content editor's phone preview, shown in a frame of the editor's page. */
export function isFramedPreviewPath(pathname: string): boolean {
  return /^\/agent\/content\/[^/]+\/preview\//.test(pathname);
}

export function contentSecurityPolicy(nonce: string, config: Settings = settings(), options: { framedBySelf?: boolean } = {}): string {
  const connect = ["'self'"];
  if (config.UPLOADTHING_TOKEN) connect.push("https://*.uploadthing.com", "https://*.ingest.uploadthing.com", "https://*.ufs.sh", "https://utfs.io");
  if (config.UPLOADTHING_INGEST_URL) connect.push(new URL(config.UPLOADTHING_INGEST_URL).origin);
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${config.NODE_ENV === "development" ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    `connect-src ${connect.join(" ")}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    // Only the content editor's phone preview may be framed, and only by our own pages.
    `frame-ancestors ${options.framedBySelf ? "'self'" : "'none'"}`,
  ];
  if (servedOverTls(config)) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/**
 * HSTS only behind TLS: when the public URL is https, or when a trusted reverse proxy says it
 * received the request over https (`forwardedProto`, see trustedForwardedProto). Over plain http
 * it would be ignored or lock out a dev setup.
 */
export function strictTransportSecurity(config: Settings = settings(), forwardedProto: string | null = null): string | null {
  return servedOverTls(config) || forwardedProto === "https" ? "max-age=31536000; includeSubDomains" : null;
}

function servedOverTls(config: Settings): boolean {
  return config.APP_BASE_URL.startsWith("https://");
}
