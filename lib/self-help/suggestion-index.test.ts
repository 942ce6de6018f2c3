import { describe, expect, it } from "vitest";
import { SEED_FLOWS } from "@/lib/server/seed/self-help-flows.ts";
import { buildSuggestionIndex, tokenize } from "./suggestion-index.ts";

const index = buildSuggestionIndex(Object.values(SEED_FLOWS));
const keys = (query: string, language: "ja" | "en", category?: "EMAIL" | "TWO_FA" | "SMS" | "ACCOUNT") =>
  index.search(query, { language, category }).map((suggestion) => suggestion.stepKey);

describe("self-help suggestions", () => {
  it("cut Japanese into character pairs of its words, leaving particles out", () => {
    expect(tokenize("迷惑メールが届かない")).toEqual(["迷惑", "メー", "ール", "届"]);
    expect(tokenize("ＳＭＳ Code")).toEqual(["sms", "code"]);
    expect(tokenize("the and of")).toEqual([]);
  });

  it.each([
    ["迷惑メール", "email.spam-folder"],
    ["認証メールが届かない", "email.spam-folder"],
    ["機種変更したら認証アプリのコードがなくなった", "two-fa.lost-device"],
    ["パスワードを忘れた", "account.password-reset"],
    ["SMSが来ない", "sms.symptom"],
    ["メールフォ", "email.spam-folder"],
  ])("find the step for %s (Japanese, no spaces, half-typed)", (query, expected) => {
    expect(keys(query, "ja")[0]).toBe(expected);
  });

  it.each([
    ["spam", "email.spam-folder"],
    ["verification email never arrives", "email.address-typo"],
    ["lost my phone authenticator", "two-fa.lost-device"],
    ["authentic", "two-fa.lost-device"],
    ["forgot password", "account.password-reset"],
  ])("find the step for %s (English, as typed)", (query, expected) => {
    expect(keys(query, "en")[0]).toBe(expected);
  });

  it("answer in the visitor's language, Japanese typing in Japanese, with the best matching line", () => {
    const [english] = index.search("spam", { language: "en" });
    expect(english).toMatchObject({ category: "EMAIL", title: "Look in your spam folder", snippet: "Spam or junk folder" });
    const [japanese] = index.search("迷惑メール", { language: "en" });
    expect(japanese?.title).toBe("迷惑メールフォルダを見てみましょう");
  });

  it("prefer the form's category and suggest nothing for nothing", () => {
    expect(keys("authenticator app", "en", "SMS")[0]).toBe("sms.authenticator");
    expect(keys("", "en")).toEqual([]);
    expect(keys("the my", "en")).toEqual([]);
    expect(keys("zzzzqqq", "en")).toEqual([]);
  });
});
