import { describe, expect, it } from "vitest";
import { signInSchema } from "./auth.ts";

describe("signInSchema", () => {
  it("normalizes the email", () => {
    expect(signInSchema.parse({ email: "  Aiko.Sato@Example.COM ", password: "secret" })).toEqual({
      email: "aiko.sato@example.com",
      password: "secret",
    });
  });

  it("names what is missing or wrong with message keys", () => {
    const issues = (input: unknown) =>
      signInSchema.safeParse(input).error?.issues.map((issue) => [issue.path.join("."), issue.message]);
    expect(issues({ email: "", password: "" })).toEqual([["email", "emailRequired"], ["password", "passwordRequired"]]);
    expect(issues({ email: "not-an-email", password: "x".repeat(257) })).toEqual([
      ["email", "emailInvalid"],
      ["password", "passwordTooLong"],
    ]);
  });
});
