import "server-only";
import { randomInt } from "node:crypto";

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
