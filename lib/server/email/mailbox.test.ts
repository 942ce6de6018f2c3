import { describe, expect, it } from "vitest";
import { mailboxKey } from "./mailbox.ts";

describe("mailboxKey: one key for every spelling that reaches the same inbox", () => {
  it.each([
    ["Taro.Yamada@Example.JP", "taro.yamada@example.jp"],
    ["taro+support@example.jp", "taro@example.jp"],
    ["taro+a+b@example.jp", "taro@example.jp"],
    ["ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "taro@example.jp"],
    ["  taro@example.jp ", "taro@example.jp"],
    ["T.a.r.o+x@GMAIL.com", "taro@gmail.com"],
    ["taro.yamada@googlemail.com", "taroyamada@gmail.com"],
    ["taro@xn--r8jz45g.jp", "taro@xn--r8jz45g.jp"],
    ["taro@例え.jp", "taro@xn--r8jz45g.jp"],
  ])("%s → %s", (address, key) => {
    expect(mailboxKey(address)).toBe(key);
  });

  it("keeps dots where the provider does not ignore them, and keeps a local part that is only a tag", () => {
    expect(mailboxKey("taro.yamada@outlook.com")).not.toBe(mailboxKey("taroyamada@outlook.com"));
    expect(mailboxKey("+tag@example.jp")).toBe("+tag@example.jp");
  });
});
