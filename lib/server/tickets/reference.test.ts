import { describe, expect, it } from "vitest";
import { parseSettings } from "@/lib/server/config/settings.ts";
import { REFERENCE_PATTERN } from "@/lib/validation/identifiers.ts";
import { generateReference } from "./reference.ts";
import { hashStatusToken, isWellFormedStatusToken, statusTokenFor, statusUrlFor } from "./status-link.ts";

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
    const first = [...references].slice(0, 50);
    expect(first).not.toEqual([...first].sort());
  });
});

describe("status links", () => {
  const secret = "test-secret";
  const config = parseSettings({ NEXTAUTH_SECRET: secret, APP_BASE_URL: "https://help.example.com/" });
  const ticketId = "0b7f1d1e-3c55-4b8e-9a43-5d2f3f1b2c11";

  it("derive a 256-bit URL-safe token from the ticket id and the secret", () => {
    const token = statusTokenFor(ticketId, secret);
    expect(isWellFormedStatusToken(token)).toBe(true);
    expect(statusTokenFor(ticketId, secret)).toBe(token);
    expect(statusTokenFor(ticketId, "other")).not.toBe(token);
    expect(statusTokenFor("4c1b2a7e-1111-4222-8333-944455556666", secret)).not.toBe(token);
  });

  it("store only a hash and build absolute URLs", () => {
    const token = statusTokenFor(ticketId, secret);
    expect(hashStatusToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashStatusToken(token)).not.toContain(token);
    expect(statusUrlFor(ticketId, config)).toBe(`https://help.example.com/status/${token}`);
  });

  it("refuse malformed tokens", () => {
    for (const bad of ["", "short", "x".repeat(44), `${"a".repeat(42)}!`, "../../etc/passwd"]) {
      expect(isWellFormedStatusToken(bad)).toBe(false);
    }
  });
});
