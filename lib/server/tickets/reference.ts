import "server-only";
import { randomInt } from "node:crypto";
import { REFERENCE_ALPHABET } from "@/lib/validation/identifiers.ts";

function randomChunk(length: number): string {
  let chunk = "";
  for (let i = 0; i < length; i++) chunk += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return chunk;
}

/** A ticket reference like SG-7KQ4-92XD: random (29^8 ≈ 5·10^11), never sequential. */
export function generateReference(): string {
  return `SG-${randomChunk(4)}-${randomChunk(4)}`;
}
