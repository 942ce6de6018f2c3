import { entropyToMnemonic } from "@scure/bip39";
import { wordlist as CZECH } from "@scure/bip39/wordlists/czech.js";
import { wordlist as ENGLISH } from "@scure/bip39/wordlists/english.js";
import { wordlist as FRENCH } from "@scure/bip39/wordlists/french.js";
import { wordlist as ITALIAN } from "@scure/bip39/wordlists/italian.js";
import { wordlist as JAPANESE } from "@scure/bip39/wordlists/japanese.js";
import { wordlist as KOREAN } from "@scure/bip39/wordlists/korean.js";
import { wordlist as PORTUGUESE } from "@scure/bip39/wordlists/portuguese.js";
import { wordlist as SIMPLIFIED_CHINESE } from "@scure/bip39/wordlists/simplified-chinese.js";
import { wordlist as SPANISH } from "@scure/bip39/wordlists/spanish.js";
import { wordlist as TRADITIONAL_CHINESE } from "@scure/bip39/wordlists/traditional-chinese.js";
import { describe, expect, it } from "vitest";
import { maskDetails, maskSecrets, SECRET_MARKERS } from "@/lib/tickets/mask-secrets.ts";

const CODE = SECRET_MARKERS.ONE_TIME_CODE;
const KEY = SECRET_MARKERS.BACKUP_KEY;
const SEED = SECRET_MARKERS.SEED_PHRASE;
const PASSWORD = SECRET_MARKERS.PASSWORD;

const SEED_12 = "abandon ability able about above absent absorb abstract absurd abuse access accident";
const SEED_24 =
  "legal winner thank year wave sausage worth useful legal winner thank yellow " +
  "letter advice cage absurd amount doctor acoustic avoid letter advice cage above";

describe("maskSecrets: one-time codes", () => {
  it.each([
    ["My 2FA code 123456 is rejected", `My 2FA code ${CODE} is rejected`],
    ["2FA: 654321", `2FA: ${CODE}`],
    ["The code I typed was 482913 and it failed.", `The code I typed was ${CODE} and it failed.`],
    ["OTP=90817263", `OTP=${CODE}`],
    ["one-time password 1234567 does not work", `one-time password ${CODE} does not work`],
    ["authenticator shows 123 456", `authenticator shows ${CODE}`],
    ["I entered 918273 from the SMS", `I entered ${CODE} from the SMS`],
    ["code:246810", `code:${CODE}`],
    ["認証コード 123456 が通りません", `認証コード ${CODE} が通りません`],
    ["認証コードは987654でした。", `認証コードは${CODE}でした。`],
    ["コード：135790 を入力しました", `コード：${CODE} を入力しました`],
    ["ワンタイムパスワード246813が無効と出ます", `ワンタイムパスワード${CODE}が無効と出ます`],
    ["135792というコードが届きました", `${CODE}というコードが届きました`],
    ["２段階認証の 864209 がエラー", `２段階認証の ${CODE} がエラー`],
    ["SMSで届いた 112358 を入れました", `SMSで届いた ${CODE} を入れました`],
  ])("masks %s", (input, expected) => {
    expect(maskSecrets(input)).toEqual({ text: expected, masked: true, kinds: ["ONE_TIME_CODE"] });
  });

  it.each([
    "My number is +81 90 1234 5678 and the SMS code never arrives",
    "SMS code not arriving on +819012345678",
    "SMS コードが 090-1234-5678 に届きません",
    "The code expired at 2026-11-20 09:30:15",
    "コードの有効期限は2026年11月20日 9時30分でした",
    "code sent on 20261120",
    "I deposited 1500000 yen before the code stopped working",
    "コードが通らず、1000000円が出金できません",
    "code issue with $2500000 withdrawal",
    "The code worked but 1,234,567 JPY is missing",
    "order 12345678 stuck, the code is fine",
    "注文番号 87654321 のコードについて",
    "my reference is SG-7KQ4-92XD and the code still fails",
    "order id ORD-8F3K2L9Q, 2FA issue",
    "code to 123456@example.com never arrives",
    "code for taro123456@example.jp",
    "I waited 123456 seconds", // no code word anywhere near
    "0.1234567 BTC and a 2FA problem",
  ])("leaves %s alone", (input) => {
    expect(maskSecrets(input)).toEqual({ text: input, masked: false, kinds: [] });
  });
});

describe("maskSecrets: backup keys", () => {
  it.each([
    ["My backup key is JBSWY3DPEHPK3PXP", `My backup key is ${KEY}`],
    ["setup key: jbswy3dpehpk3pxp", `setup key: ${KEY}`],
    ["key JBSW Y3DP EHPK 3PXP from the paper", `key ${KEY} from the paper`],
    ["JBSW-Y3DP-EHPK-3PXP-GEZD-GNBV", KEY],
    ["バックアップキーはJBSWY3DPEHPK3PXPです", `バックアップキーは${KEY}です`],
    ["セットアップキー：GEZDGNBVGY3TQOJQ GEZDGNBVGY3TQOJQ", `セットアップキー：${KEY} ${KEY}`],
    ["I kept this: MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U", `I kept this: ${KEY}`],
    ["secret key ABCDEFGHIJKLMNOP", `secret key ${KEY}`],
  ])("masks %s", (input, expected) => {
    expect(maskSecrets(input)).toEqual({ text: expected, masked: true, kinds: ["BACKUP_KEY"] });
  });

  it.each([
    "PLEASEHELPMEQUICKLY my account is locked",
    "HELP WITH MAIL CODE please",
    "internationalization problem with the app",
    "reference SG-7KQ4-92XD",
    "order id ORD-8F3K2L9Q-ABCD-EFGH",
    "see https://example.com/help/abcdefghijk234567 for details",
    "jbswy3dpehpk3pxp@example.com is my address",
    "tx hash 0x3fa4b2c19d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1",
  ])("leaves %s alone", (input) => {
    expect(maskSecrets(input)).toEqual({ text: input, masked: false, kinds: [] });
  });
});

describe("maskSecrets: seed phrases", () => {
  it("masks 12 and 24 BIP39 words in a row", () => {
    expect(maskSecrets(`my words: ${SEED_12}`)).toEqual({ text: `my words: ${SEED}`, masked: true, kinds: ["SEED_PHRASE"] });
    expect(maskSecrets(`${SEED_24}. help`)).toEqual({ text: `${SEED}. help`, masked: true, kinds: ["SEED_PHRASE"] });
  });

  it("masks seed phrases written in capitals, with commas, numbered or inside Japanese text", () => {
    expect(maskSecrets(SEED_12.toUpperCase()).text).toBe(SEED);
    expect(maskSecrets(SEED_12.replaceAll(" ", ", ")).text).toBe(SEED);
    const numbered = SEED_12.split(" ").map((word, index) => `${index + 1}. ${word}`).join("\n");
    expect(maskSecrets(numbered).text).toBe(`1. ${SEED}`);
    expect(maskSecrets(`シードフレーズは ${SEED_12} です`).text).toBe(`シードフレーズは ${SEED} です`);
    expect(maskSecrets(`復元フレーズ：${SEED_12.replaceAll(" ", "、")}`).text).toBe(`復元フレーズ：${SEED}`);
  });

  it("leaves shorter runs and ordinary English alone", () => {
    const eleven = SEED_12.split(" ").slice(0, 11).join(" ");
    expect(maskSecrets(eleven).masked).toBe(false);
    const prose =
      "Please help, I can not sign in since yesterday. The verification mail never arrives and my phone " +
      "shows an old code. I tried again today, still nothing, what should I do about my account?";
    expect(maskSecrets(prose)).toEqual({ text: prose, masked: false, kinds: [] });
  });
});

describe("maskSecrets: passwords", () => {
  it.each([
    ["password: hunter2", `password: ${PASSWORD}`],
    ["Password=Tr0ub4dor&3 and still no luck", `Password=${PASSWORD} and still no luck`],
    ["pw=abc12345", `pw=${PASSWORD}`],
    ["PWD: s3cret!", `PWD: ${PASSWORD}`],
    ["my password is hunter2", `my password is ${PASSWORD}`],
    ["the password was Summer2024!", `the password was ${PASSWORD}`],
    ['password: "correct horse battery"', `password: ${PASSWORD}`],
    ["パスワード：Abc!2345", `パスワード：${PASSWORD}`],
    ["パスワードはabc12345です", `パスワードは${PASSWORD}です`],
    ["パスワードは hunter22 です", `パスワードは ${PASSWORD} です`],
    ["パスワード: P@ssw0rd", `パスワード: ${PASSWORD}`],
    ["パスワードは「taro1985」です", `パスワードは${PASSWORD}です`],
  ])("masks %s", (input, expected) => {
    expect(maskSecrets(input)).toEqual({ text: expected, masked: true, kinds: ["PASSWORD"] });
  });

  it.each([
    "my password is wrong",
    "The password is correct, but the code is not",
    "password: reset does not send anything",
    "I forgot my password",
    "my password is working again",
    "パスワードを変更しました",
    "パスワードは8文字以上にしました",
    "パスワードはわかりません",
    "パスワード再設定のメールが届きません",
  ])("leaves %s alone", (input) => {
    expect(maskSecrets(input)).toEqual({ text: input, masked: false, kinds: [] });
  });
});

describe("maskSecrets: mixed text", () => {
  it("masks several kinds in one description and reports each kind once", () => {
    const input =
      `ログインできません。パスワードはabc12345です。認証コード 123456 も 654321 も通りません。` +
      `バックアップキーは JBSW Y3DP EHPK 3PXP、シードは ${SEED_12} です。電話 +81 90 1234 5678、` +
      `参照 SG-7KQ4-92XD、2026年11月20日 9:30、10,000円。連絡先 taro@example.jp`;
    const result = maskSecrets(input);
    expect(result.kinds).toEqual(["PASSWORD", "SEED_PHRASE", "BACKUP_KEY", "ONE_TIME_CODE"]);
    expect(result.masked).toBe(true);
    expect(result.text).toBe(
      `ログインできません。パスワードは${PASSWORD}です。認証コード ${CODE} も ${CODE} も通りません。` +
        `バックアップキーは ${KEY}、シードは ${SEED} です。電話 +81 90 1234 5678、` +
        `参照 SG-7KQ4-92XD、2026年11月20日 9:30、10,000円。連絡先 taro@example.jp`,
    );
  });

  it("masks a code written as the password as a password", () => {
    expect(maskSecrets("2FA password: 123456")).toEqual({ text: `2FA password: ${PASSWORD}`, masked: true, kinds: ["PASSWORD"] });
  });

  it("changes nothing when run on its own output", () => {
    const once = maskSecrets(`password: hunter2, code 123456, key JBSWY3DPEHPK3PXP, ${SEED_12}`);
    expect(once.kinds).toHaveLength(4);
    expect(maskSecrets(once.text)).toEqual({ text: once.text, masked: false, kinds: [] });
  });

  it("leaves text without secrets exactly as it was", () => {
    const plain = "新規登録の認証メールが届きません。迷惑メールフォルダも確認しました。\nSince 09:00, order ORD-77AB12.";
    expect(maskSecrets(plain)).toEqual({ text: plain, masked: false, kinds: [] });
  });
});

describe("maskDetails", () => {
  it("masks secrets in the string fields of category details and keeps the rest", () => {
    const result = maskDetails({
      problem: "FROZEN",
      noticeReason: "Support asked for my code 123456 and the " + SEED_12,
      suspectedUnauthorizedAccess: true,
    });
    expect(result).toEqual({
      details: { problem: "FROZEN", noticeReason: `Support asked for my code ${CODE} and the ${SEED}`, suspectedUnauthorizedAccess: true },
      masked: true,
      kinds: ["SEED_PHRASE", "ONE_TIME_CODE"],
    });
  });

  it("masks a password or key typed into a free-text field", () => {
    expect(maskDetails({ carrier: "pw=abc12345", phoneNumber: "+819012345678", problem: "NO_SMS", currentCountry: "JP" })).toEqual({
      details: { carrier: `pw=${PASSWORD}`, phoneNumber: "+819012345678", problem: "NO_SMS", currentCountry: "JP" },
      masked: true,
      kinds: ["PASSWORD"],
    });
    expect(maskDetails({ mailType: "OTHER", mailProvider: "key JBSWY3DPEHPK3PXP", checkedSpam: false }).details.mailProvider).toBe(`key ${KEY}`);
  });

  it("leaves valid details without secrets untouched", () => {
    const details = {
      registeredEmail: "yuto.old123456@example.jp",
      mailType: "WITHDRAWAL_CONFIRMATION",
      mailProvider: "docomo",
      lastRequestedAt: "2026-11-20T09:00:00+09:00",
      checkedSpam: true,
    };
    expect(maskDetails(details)).toEqual({ details, masked: false, kinds: [] });
  });
});

describe("maskSecrets: what a Japanese IME types", () => {
  it.each([
    ["認証コード１２３４５６が通りません", `認証コード${CODE}が通りません`],
    ["２段階認証のコードは１２3４56でした", `２段階認証のコードは${CODE}でした`],
    ["ＳＭＳのコード　９８７　６５４　を入れました", `ＳＭＳのコード　${CODE}　を入れました`],
    ["コード：１２３　４５６", `コード：${CODE}`],
    ["ワンタイムパスワード１２３４５６７が無効", `ワンタイムパスワード${CODE}が無効`],
  ])("masks the code in %s and keeps the rest as typed", (input, expected) => {
    expect(maskSecrets(input)).toEqual({ text: expected, masked: true, kinds: ["ONE_TIME_CODE"] });
  });

  it("masks full-width backup keys and passwords", () => {
    expect(maskSecrets("バックアップキーは ＪＢＳＷ　Ｙ３ＤＰ　ＥＨＰＫ　３ＰＸＰ です")).toEqual({
      text: `バックアップキーは ${KEY} です`,
      masked: true,
      kinds: ["BACKUP_KEY"],
    });
    expect(maskSecrets("パスワード：ｈｕｎｔｅｒ２２")).toEqual({ text: `パスワード：${PASSWORD}`, masked: true, kinds: ["PASSWORD"] });
    expect(maskSecrets("パスワードはＡｂｃ１２３４５です")).toEqual({ text: `パスワードは${PASSWORD}です`, masked: true, kinds: ["PASSWORD"] });
  });

  it("stores everything but the secret exactly as typed, full-width characters included", () => {
    const input = "電話番号は０９０－１２３４－５６７８です。認証コード１２３４５６が通りません（２０２６年１１月２０日）。";
    expect(maskSecrets(input)).toEqual({
      text: `電話番号は０９０－１２３４－５６７８です。認証コード${CODE}が通りません（２０２６年１１月２０日）。`,
      masked: true,
      kinds: ["ONE_TIME_CODE"],
    });
  });

  it.each([
    "ＳＭＳが届きません。電話番号は＋８１　９０　１２３４　５６７８です",
    "コードの有効期限は２０２６年１１月２０日　９時３０分でした",
    "注文番号　８７６５４３２１　のコードについて",
    "コードが通らず、１０００００００円が出金できません",
    "ｶﾞｲﾄﾞ通りに設定しましたがＳＭＳが来ません",
  ])("leaves %s alone", (input) => {
    expect(maskSecrets(input)).toEqual({ text: input, masked: false, kinds: [] });
  });
});

const MNEMONIC_ENTROPY = Uint8Array.from({ length: 16 }, (_, index) => (index * 37 + 11) % 256);

describe("maskSecrets: seed phrases in every BIP-39 word list", () => {
  const lists = {
    japanese: JAPANESE,
    english: ENGLISH,
    korean: KOREAN,
    spanish: SPANISH,
    "simplified-chinese": SIMPLIFIED_CHINESE,
    "traditional-chinese": TRADITIONAL_CHINESE,
    french: FRENCH,
    italian: ITALIAN,
    czech: CZECH,
    portuguese: PORTUGUESE,
  };

  it.each(Object.entries(lists))("masks a 12-word %s phrase as the wallet shows it and as a keyboard types it", (_, wordlist) => {
    // @scure/bip39 gives NFKD words (and U+3000 between Japanese ones); people type composed characters.
    const shown = entropyToMnemonic(MNEMONIC_ENTROPY, wordlist);
    const words = shown.split(/[ \u3000]/);
    expect(words).toHaveLength(12);
    for (const phrase of [shown, shown.normalize("NFC"), words.join(" ").normalize("NFC"), words.join("、").normalize("NFC")]) {
      expect(maskSecrets(`シードフレーズは ${phrase} です`)).toEqual({ text: `シードフレーズは ${SEED} です`, masked: true, kinds: ["SEED_PHRASE"] });
    }
    const eleven = words.slice(0, 11).join(" ").normalize("NFC");
    expect(maskSecrets(`ヒント ${eleven}`).masked).toBe(false);
  });

  it("masks a Japanese phrase typed with full-width spaces and numbered lines", () => {
    const words = entropyToMnemonic(MNEMONIC_ENTROPY, JAPANESE).normalize("NFC").split("\u3000");
    const numbered = words.map((word, index) => `${String(index + 1).replace(/\d/g, (digit) => String.fromCharCode(0xff10 + Number(digit)))}．${word}`).join("\n");
    expect(maskSecrets(`復元フレーズ：\n${numbered}`).text).toBe(`復元フレーズ：\n１．${SEED}`);
  });

  it("masks a Spanish or French phrase typed without accents", () => {
    for (const wordlist of [SPANISH, FRENCH]) {
      const plain = entropyToMnemonic(MNEMONIC_ENTROPY, wordlist).normalize("NFD").replace(/\p{M}/gu, "");
      expect(maskSecrets(plain).text).toBe(SEED);
    }
  });

  it("leaves ordinary Japanese, Chinese and Korean prose alone", () => {
    for (const prose of [
      "新規登録の確認メールが届きません。迷惑メールフォルダも確認しましたが、見つかりませんでした。もう一度送ってもらえますか。",
      "我无法登录我的账户 验证码一直没有收到 请帮我看看 是不是系统出了问题 谢谢",
      "인증 코드가 오지 않습니다. 스팸함도 확인했지만 없습니다. 도와주세요.",
    ]) {
      expect(maskSecrets(prose)).toEqual({ text: prose, masked: false, kinds: [] });
    }
  });
});
