import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password.ts";
import { DUMMY_PASSWORD_HASH } from "./sign-in.ts";

describe("the dummy hash for unknown accounts", () => {
  it("uses the same argon2id parameters as real password hashes, so checking it costs the same", async () => {
    const parameters = (hash: string) => hash.split("$").slice(1, 4).join("$");
    expect(parameters(DUMMY_PASSWORD_HASH)).toBe(parameters(await hashPassword("any password")));
    expect(await verifyPassword(DUMMY_PASSWORD_HASH, "")).toBe(false);
  });
});
