import { describe, expect, it } from "vitest";
import { negotiateLocale } from "./locale.ts";
import { loadMessages, translate } from "./messages.ts";

describe("negotiateLocale", () => {
  it("prefers an explicit choice, then Accept-Language, then English", () => {
    expect(negotiateLocale("en", "ja-JP,ja;q=0.9")).toBe("en");
    expect(negotiateLocale(undefined, "ja-JP,ja;q=0.9,en;q=0.8")).toBe("ja");
    expect(negotiateLocale(undefined, "en-US,en;q=0.9,ja;q=0.5")).toBe("en");
    expect(negotiateLocale(undefined, "fr-FR,de;q=0.8")).toBe("en");
    expect(negotiateLocale("xx", null)).toBe("en");
  });
});

describe("messages", () => {
  it("has the same keys in Japanese and English", () => {
    const keys = (node: unknown, prefix = ""): string[] =>
      node && typeof node === "object"
        ? Object.entries(node).flatMap(([key, value]) => keys(value, `${prefix}${key}.`))
        : [prefix.slice(0, -1)];
    expect(keys(loadMessages("ja")).sort()).toEqual(keys(loadMessages("en")).sort());
  });

  it("translates with placeholders", () => {
    expect(translate("en", "errors.ALREADY_CLAIMED", { actor: "Ben" })).toBe("Ben already owns this ticket.");
    expect(translate("ja", "validation.email_invalid")).toContain("メールアドレス");
    expect(translate("en", "no.such.key")).toBe("no.such.key");
  });
});
