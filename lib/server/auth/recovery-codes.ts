import "server-only";
import { randomInt } from "node:crypto";
import { keyedHash } from "./keys.ts";

/**
 * One-time recovery codes: ten per set, 10 characters from an alphabet without look-alikes
 * (about 50 bits each), shown once as "abcde-fghjk". Stored as keyed hashes bound to the account;
 * each works once (recovery_codes.used_at, set by a conditional update).
 */
export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

export function newRecoveryCodes(count: number = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const raw = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
}

/** Lower-case, without spaces or dashes, so "ABCDE FGHJK" and "abcde-fghjk" are the same code. */
export function normalizeRecoveryCode(code: string): string | null {
  const normalized = code.toLowerCase().replace(/[\s-]/g, "");
  return /^[a-z0-9]{10}$/.test(normalized) ? normalized : null;
}

export function hashRecoveryCode(userId: string, normalized: string): string {
  return keyedHash("recovery-code", `${userId}:${normalized}`);
}
