import { describe, expect, it } from "vitest";
import { customerReplySchema, emailDetailsSchema } from "./ticket.ts";
import { toStorableText } from "./storable-text.ts";

describe("toStorableText", () => {
  it("drops NUL characters and replaces lone surrogates, keeping real characters", () => {
    expect(toStorableText("a\u0000b")).toBe("ab");
    expect(toStorableText("x\uD800y\uDC00z")).toBe("x\uFFFDy\uFFFDz");
    expect(toStorableText("𝕏 😀 日本語")).toBe("𝕏 😀 日本語");
  });

  it("is applied by the schemas that store free text (found by the reliability fuzz: NUL answered 500)", () => {
    expect(customerReplySchema.parse({ body: "hello\u0000 there" })).toEqual({ body: "hello there" });
    expect(emailDetailsSchema.parse({ mailType: "OTHER", checkedSpam: false, mailProvider: "mail\u0000\uD800" }).mailProvider).toBe("mail\uFFFD");
  });
});
