import { createHash, randomBytes, randomInt } from "node:crypto";

// No 0/O, 1/I/L or U/V: a reference read over the phone or copied by hand stays unambiguous.
const REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ";

function randomChunk(length: number): string {
  let chunk = "";
  for (let i = 0; i < length; i++) chunk += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return chunk;
}

/** A ticket reference like SG-7KQ4-92XD: random (29^8 ≈ 5·10^11), never sequential. */
export function generateReference(): string {
  return `SG-${randomChunk(4)}-${randomChunk(4)}`;
}

export const REFERENCE_PATTERN = new RegExp(`^SG-[${REFERENCE_ALPHABET}]{4}-[${REFERENCE_ALPHABET}]{4}$`);

/** The private status-link token (256 random bits) and the hash that is stored in its place. */
export function generateStatusToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashStatusToken(token) };
}

export function hashStatusToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
