import { describe, expect, it } from "vitest";
import { loadMessages } from "@/lib/i18n/messages.ts";
import { EMAIL_TYPO_REASONS, suggestEmailCorrection } from "@/lib/self-help/email-typo.ts";

describe("suggestEmailCorrection", () => {
  it.each([
    // common domain typos
    ["taro@gmial.com", "taro@gmail.com", ["DOMAIN_TYPO"]],
    ["taro@gmail.con", "taro@gmail.com", ["DOMAIN_TYPO"]],
    ["taro@gmail.co", "taro@gmail.com", ["DOMAIN_TYPO"]],
    ["taro@gmai.com", "taro@gmail.com", ["DOMAIN_TYPO"]],
    ["taro@gmail.co.jp", "taro@gmail.com", ["DOMAIN_TYPO"]],
    ["hanako@docomo.ne.jo", "hanako@docomo.ne.jp", ["DOMAIN_TYPO"]],
    ["hanako@docomo.co.jp", "hanako@docomo.ne.jp", ["DOMAIN_TYPO"]],
    ["hanako@docomco.ne.jp", "hanako@docomo.ne.jp", ["DOMAIN_TYPO"]],
    ["ken@ezwab.ne.jp", "ken@ezweb.ne.jp", ["DOMAIN_TYPO"]],
    ["ken@ezweb.co.jp", "ken@ezweb.ne.jp", ["DOMAIN_TYPO"]],
    ["ken@au.co", "ken@au.com", ["DOMAIN_TYPO"]],
    ["mika@softbnak.ne.jp", "mika@softbank.ne.jp", ["DOMAIN_TYPO"]],
    ["mika@i.softbank.ne.jp", "mika@i.softbank.jp", ["DOMAIN_TYPO"]],
    ["mika@i.sofbank.jp", "mika@i.softbank.jp", ["DOMAIN_TYPO"]],
    ["yui@yahoo.co.jpp", "yui@yahoo.co.jp", ["DOMAIN_TYPO"]],
    ["yui@yaho.co.jp", "yui@yahoo.co.jp", ["DOMAIN_TYPO"]],
    ["yui@yahoo.jp", "yui@yahoo.co.jp", ["DOMAIN_TYPO"]],
    ["sam@yahoo.con", "sam@yahoo.com", ["DOMAIN_TYPO"]],
    ["sam@icloud.co", "sam@icloud.com", ["DOMAIN_TYPO"]],
    ["sam@iclod.com", "sam@icloud.com", ["DOMAIN_TYPO"]],
    ["sam@outlok.jp", "sam@outlook.jp", ["DOMAIN_TYPO"]],
    ["sam@outlook.cmo", "sam@outlook.com", ["DOMAIN_TYPO"]],
    ["sam@hotmial.co.jp", "sam@hotmail.co.jp", ["DOMAIN_TYPO"]],
    ["sam@hotmail.jp", "sam@hotmail.co.jp", ["DOMAIN_TYPO"]],
    ["sam@hotmail.co", "sam@hotmail.com", ["DOMAIN_TYPO"]],
    // look-alike characters in the domain
    ["taro@gmai1.com", "taro@gmail.com", ["LOOK_ALIKE_DOMAIN"]],
    ["taro@h0tmail.c0m", "taro@hotmail.com", ["LOOK_ALIKE_DOMAIN"]],
    ["taro@yah00.co.jp", "taro@yahoo.co.jp", ["LOOK_ALIKE_DOMAIN"]],
    ["taro@ic1oud.com", "taro@icloud.com", ["LOOK_ALIKE_DOMAIN"]],
    // full-width characters from a Japanese keyboard
    ["taro＠gmail.com", "taro@gmail.com", ["FULL_WIDTH"]],
    ["ｔａｒｏ＠ｇｍａｉｌ．ｃｏｍ", "taro@gmail.com", ["FULL_WIDTH"]],
    ["taro@docomo。ne。jp", "taro@docomo.ne.jp", ["FULL_WIDTH"]],
    ["taro　@gmail.com", "taro@gmail.com", ["FULL_WIDTH", "SPACES"]],
    // spaces and dots
    ["taro @ gmail.com", "taro@gmail.com", ["SPACES"]],
    ["ta ro@gmail.com", "taro@gmail.com", ["SPACES"]],
    ["taro@gmail..com", "taro@gmail.com", ["DOTS"]],
    ["taro@gmail.com.", "taro@gmail.com", ["DOTS"]],
    ["taro.@gmail.com", "taro@gmail.com", ["DOTS"]],
    ["taro..yamada@gmail.com", "taro.yamada@gmail.com", ["DOTS"]],
    ["taro@gmail,com", "taro@gmail.com", ["DOTS"]],
    // missing top-level domain, missing or doubled @
    ["taro@gmail", "taro@gmail.com", ["MISSING_TLD"]],
    ["taro@docomo", "taro@docomo.ne.jp", ["MISSING_TLD"]],
    ["taro@gmial", "taro@gmail.com", ["MISSING_TLD", "DOMAIN_TYPO"]],
    ["taro@@gmail.com", "taro@gmail.com", ["AT_SIGN"]],
    ["tarogmail.com", "taro@gmail.com", ["AT_SIGN"]],
    ["taro.docomo.ne.jp", "taro@docomo.ne.jp", ["AT_SIGN"]],
    // several at once
    ["ｔａｒｏ＠ｇｍａｉ１．ｃｏｍ ", "taro@gmail.com", ["FULL_WIDTH", "LOOK_ALIKE_DOMAIN"]],
    ["Taro.Yamada @ Gmial.Com", "Taro.Yamada@gmail.com", ["SPACES", "DOMAIN_TYPO"]],
  ])("corrects %s to %s", (typed, suggestion, reasons) => {
    expect(suggestEmailCorrection(typed)).toEqual({ suggestion, reasons });
  });

  it.each([
    "taro@gmail.com",
    "hanako@docomo.ne.jp",
    "ken@ezweb.ne.jp",
    "ken@au.com",
    "mika@softbank.ne.jp",
    "mika@i.softbank.jp",
    "yui@yahoo.co.jp",
    "sam@icloud.com",
    "sam@outlook.jp",
    "sam@outlook.com",
    "sam@hotmail.co.jp",
    "s.ito@example.jp",
    "support-team@company.co.jp",
    "user@mail.com",
    "user@email.com",
    "user@ymail.com",
    "user@gmx.com",
    "user@me.com",
    "user@live.jp",
    "user@hotmail.fr",
    "user@yahoo.co.uk",
    "user@outlook.de",
    "user@nifty.com",
    "user@biglobe.ne.jp",
    "Taro@Gmail.com",
    "  taro@gmail.com  ",
  ])("leaves %s alone", (typed) => {
    expect(suggestEmailCorrection(typed)).toEqual({ suggestion: null, reasons: [] });
  });

  it("points out look-alike characters before the @ without changing them", () => {
    expect(suggestEmailCorrection("ta1ro@gmail.com")).toEqual({ suggestion: null, reasons: ["LOOK_ALIKE_CHARACTERS"] });
    expect(suggestEmailCorrection("yuki0123@docomo.ne.jp")).toEqual({ suggestion: null, reasons: ["LOOK_ALIKE_CHARACTERS"] });
    expect(suggestEmailCorrection("kenjiO7@au.com")).toEqual({ suggestion: null, reasons: ["LOOK_ALIKE_CHARACTERS"] });
    expect(suggestEmailCorrection("ta1ro@gmial.com")).toEqual({
      suggestion: "ta1ro@gmail.com",
      reasons: ["DOMAIN_TYPO", "LOOK_ALIKE_CHARACTERS"],
    });
  });

  it("reports what it cannot fix without guessing an address", () => {
    expect(suggestEmailCorrection("taro@mycompany")).toEqual({ suggestion: null, reasons: ["MISSING_TLD"] });
    expect(suggestEmailCorrection("a@b@example.com")).toEqual({ suggestion: null, reasons: ["AT_SIGN"] });
    expect(suggestEmailCorrection("taro.example.jp")).toEqual({ suggestion: null, reasons: [] });
    expect(suggestEmailCorrection("taro@constructor")).toEqual({ suggestion: null, reasons: ["MISSING_TLD"] });
    expect(suggestEmailCorrection("")).toEqual({ suggestion: null, reasons: [] });
    expect(suggestEmailCorrection("   ")).toEqual({ suggestion: null, reasons: [] });
  });

  it("explains every reason in both languages", () => {
    const reasonText = (locale: "ja" | "en") => (loadMessages(locale).selfHelp!.typoCheck as { reasons: Record<string, string> }).reasons;
    for (const reason of EMAIL_TYPO_REASONS) {
      expect(reasonText("ja")[reason]).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(reasonText("en")[reason]).toMatch(/^[A-Z]/);
    }
  });
});
