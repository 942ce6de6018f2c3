import "server-only";
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { applicationSecret } from "@/lib/server/config/secrets.ts";

/**
 * Keys derived from the application secret (NEXTAUTH_SECRET or the generated one), one per use,
 * so a value made for one purpose is never valid for another. Changing the secret makes stored
 * TOTP secrets unreadable (agents enrol again) and outstanding reset links invalid.
 */
function derivedKey(purpose: string, secret: string = applicationSecret()): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "supportgate", `supportgate:${purpose}`, 32));
}

/** A keyed hash (HMAC-SHA256, hex) for values that are looked up but must not be stored readable. */
export function keyedHash(purpose: string, value: string, secret?: string): string {
  return createHmac("sha256", derivedKey(`hash:${purpose}`, secret)).update(value).digest("hex");
}

/** A keyed tag (base64url) that proves a value was issued by this server, e.g. a reset link. */
export function keyedTag(purpose: string, value: string, secret?: string): string {
  return createHmac("sha256", derivedKey(`tag:${purpose}`, secret)).update(value).digest("base64url");
}

/** AES-256-GCM: iv.tag.ciphertext in base64url, for secrets the server must read back (TOTP). */
export function seal(purpose: string, plaintext: string, secret?: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", derivedKey(`seal:${purpose}`, secret), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((part) => part.toString("base64url")).join(".");
}

/** The plaintext of `seal`, or null when it was sealed with another key or altered. */
export function unseal(purpose: string, sealed: string, secret?: string): string | null {
  const [iv, tag, body] = sealed.split(".").map((part) => Buffer.from(part, "base64url"));
  if (!iv || !tag || !body) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", derivedKey(`seal:${purpose}`, secret), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
