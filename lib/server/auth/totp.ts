import "server-only";
import { Secret, TOTP } from "otpauth";
import { seal, unseal } from "./keys.ts";

/**
 * TOTP (RFC 6238, 30-second steps, 6 digits, SHA-1: what every authenticator app understands).
 * Secrets are stored sealed (lib/server/auth/keys.ts); a code is accepted one step either side of
 * now for clock drift, and never twice: second_factors.totp_last_step remembers the last step used.
 */
export const TOTP_PERIOD_SECONDS = 30;
const SEAL_PURPOSE = "totp-secret";

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** `secret`: the application secret, when not this process's (test fixtures enrolling a known factor). */
export function sealTotpSecret(base32: string, secret?: string): string {
  return seal(SEAL_PURPOSE, base32, secret);
}

export function unsealTotpSecret(sealed: string): string | null {
  return unseal(SEAL_PURPOSE, sealed);
}

function totpFor(base32: string, label = "", issuer = "SupportGate"): TOTP {
  return new TOTP({ issuer, label, algorithm: "SHA1", digits: 6, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(base32) });
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(base32: string, accountName: string, issuer: string): string {
  return totpFor(base32, accountName, issuer).toString();
}

/** The time step `code` belongs to (now, or one either side), or null when it matches none. */
export function matchingTotpStep(base32: string, code: string, now: Date = new Date()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(base32).validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS) + delta;
}
