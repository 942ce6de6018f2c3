import { describe, expect, it } from "vitest";
import { negotiateLocale } from "./locale.ts";

describe("negotiateLocale", () => {
  it("prefers an explicit choice, then Accept-Language, then English", () => {
    expect(negotiateLocale("en", "ja-JP,ja;q=0.9")).toBe("en");
    expect(negotiateLocale(undefined, "ja-JP,ja;q=0.9,en;q=0.8")).toBe("ja");
    expect(negotiateLocale(undefined, "en-US,en;q=0.9,ja;q=0.5")).toBe("en");
    expect(negotiateLocale(undefined, "fr-FR,de;q=0.8")).toBe("en");
    expect(negotiateLocale("xx", null)).toBe("en");
  });
});
