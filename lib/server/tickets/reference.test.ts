import { describe, expect, it } from "vitest";
import { generateReference, generateStatusToken, hashStatusToken, REFERENCE_PATTERN } from "./reference.ts";

describe("ticket references", () => {
  it("look like SG-XXXX-XXXX without ambiguous characters", () => {
    for (let i = 0; i < 2_000; i++) {
      const reference = generateReference();
      expect(reference).toMatch(REFERENCE_PATTERN);
      expect(reference.slice(3)).not.toMatch(/[01OILUV]/);
    }
  });

  it("are random, not sequential", () => {
    const references = new Set(Array.from({ length: 10_000 }, generateReference));
    expect(references.size).toBe(10_000);
    const sorted = [...references].slice(0, 50);
    expect(sorted).not.toEqual([...sorted].sort());
  });
});

describe("status tokens", () => {
  it("are 256-bit, URL-safe and stored only as their hash", () => {
    const { token, hash } = generateStatusToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token);
    expect(hashStatusToken(token)).toBe(hash);
    expect(generateStatusToken().token).not.toBe(token);
  });
});
