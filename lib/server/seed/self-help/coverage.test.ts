import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { LanguageCode, TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";
import { TO_TICKET } from "@/lib/self-help/types.ts";
import { findStep as findInFlow, prefillFromAnswers as prefillInFlow, type StepTaken } from "@/lib/self-help/flows.ts";
import { SEED_FLOWS } from "@/lib/server/seed/self-help-flows.ts";
import { intakePriority } from "@/lib/tickets/priority.ts";

const selfHelpFlow = (category: TicketCategoryCode) => SEED_FLOWS[category];
const findStep = (category: TicketCategoryCode, key: string) => findInFlow(SEED_FLOWS[category], key);
const prefillFromAnswers = (category: TicketCategoryCode, taken: StepTaken[]) => prefillInFlow(SEED_FLOWS[category], taken);

/**
 * Every cause and remedy the seed articles give for a category must be in its flow, in both
 * languages. Each notion lists patterns that must all appear somewhere in the flow's text.
 */

type Notion = { notion: string; ja: RegExp[]; en: RegExp[] };

const COVERAGE: Record<TicketCategoryCode, Notion[]> = {
  EMAIL: [
    { notion: "look-alike l and 1", ja: [/小文字の l と数字の 1/], en: [/lowercase l and the digit 1/] },
    { notion: "look-alike O and 0", ja: [/大文字の O と数字の 0/], en: [/capital O and the digit 0/] },
    { notion: "typos after the @", ja: [/@ より後ろ/], en: [/after the @/] },
    { notion: "full-width characters, spaces, doubled dots", ja: [/全角/, /空白/, /\.\./], en: [/full-width/, /spaces/, /doubled dots/] },
    { notion: "spam and junk folders", ja: [/迷惑メール/], en: [/spam/, /junk/] },
    { notion: "trash", ja: [/ごみ箱/], en: [/Trash/] },
    { notion: "allow-listing the sender", ja: [/受信許可/, /送信元/], en: [/safe-sender list/, /allow list/] },
    { notion: "delays of minutes to hours", ja: [/数分/, /数時間/], en: [/few minutes/, /few hours/] },
    { notion: "resend once", ja: [/再送信を1回だけ/], en: [/just once/] },
    { notion: "already registered", ja: [/登録済み/], en: [/already registered/] },
    { notion: "sign-up never completed", ja: [/メール認証を終えていない/], en: [/never confirmed your email/] },
    { notion: "security software and firewalls", ja: [/セキュリティソフト/, /ファイアウォール/], en: [/Security software/, /firewall/] },
    { notion: "service-side incident", ja: [/当社側の不具合/, /障害/], en: [/problem on our side/, /incident/] },
  ],
  TWO_FA: [
    { notion: "codes rotate every 30 seconds", ja: [/30秒ごと/], en: [/every 30 seconds/] },
    { notion: "enter the current code", ja: [/すぐに入力/], en: [/straight away/] },
    { notion: "phone clock on automatic time", ja: [/時計/, /自動設定/], en: [/clock/, /automatic time/] },
    { notion: "the right entry for the account", ja: [/項目/, /他のサービス/], en: [/entry/, /another service/] },
    { notion: "lost or changed phone", ja: [/紛失/, /機種変更/], en: [/lost/, /replaced/] },
    { notion: "restore with the backup (setup) key", ja: [/バックアップキー/, /セットアップキー/, /復元/], en: [/backup key/, /setup key/, /Restore/] },
    { notion: "SMS with a verified phone", ja: [/電話番号を認証/, /SMSでコード/], en: [/verified a phone number/, /code by SMS/] },
    { notion: "reset request with an identity check", ja: [/リセット/, /ご本人であること/], en: [/reset/, /account holder/] },
    { notion: "never share the key", ja: [/誰にも送らないで/], en: [/Never send it to anyone/] },
  ],
  SMS: [
    { notion: "number as registered", ja: [/登録した番号/], en: [/number registered with us/] },
    { notion: "country code", ja: [/国番号/, /\+81/], en: [/country code/, /\+81/] },
    { notion: "signal", ja: [/電波/, /Wi-Fiだけでは/], en: [/signal/, /Wi-Fi alone/] },
    { notion: "roaming", ja: [/ローミング/], en: [/roaming/] },
    { notion: "carrier or filter blocking short codes", ja: [/短い番号/, /携帯会社/, /フィルタ/], en: [/short code/, /carrier/, /filter/] },
    { notion: "wait before resending (rate limits)", ja: [/数分待って/, /しばらく送信が止まります/], en: [/Wait a few minutes/, /pauses sending/] },
    { notion: "switch to the authenticator app", ja: [/認証アプリ/], en: [/authenticator app/] },
    { notion: "number lost or changed: recovery", ja: [/番号そのもの/, /復旧/], en: [/number itself/, /recover/] },
  ],
  ACCOUNT: [
    { notion: "official site only, check the address bar", ja: [/公式/, /アドレスバー/, /偽のサイト/], en: [/official/, /address bar/, /Fake sites/] },
    { notion: "phishing mails create urgency", ja: [/急がせるメール/], en: [/Mails that rush you/] },
    { notion: "registration really completed", ja: [/登録が完了/], en: [/sign-up is complete/] },
    { notion: "forgotten password: reset", ja: [/パスワードを忘れた/, /再設定/], en: [/Forgot password/, /Reset your password/] },
    { notion: "puzzle retries", ja: [/パズル/, /何度か/], en: [/puzzle/, /a few tries/] },
    { notion: "maintenance announcements", ja: [/メンテナンス/, /事前に/, /緊急/], en: [/maintenance/, /in advance/, /emergency/] },
    { notion: "freeze: KYC incomplete", ja: [/本人確認（KYC）/], en: [/Identity verification \(KYC\)/] },
    { notion: "freeze: unusual activity", ja: [/ふだんと違う取引/], en: [/Unusual activity/] },
    { notion: "freeze: suspected compromise", ja: [/不正アクセスの疑い/], en: [/Suspected unauthorized access/] },
    { notion: "freeze: regulator request", ja: [/規制当局/], en: [/regulator/] },
    { notion: "freeze: terms violation", ja: [/利用規約/], en: [/terms of use/] },
    { notion: "what to prepare", ja: [/準備するもの/, /スクリーンショット/, /本人確認書類/], en: [/have ready/, /screenshot/, /identity documents/] },
    { notion: "unauthorized access: change the password and report at once", ja: [/今すぐパスワードを変更/, /すぐにご連絡/], en: [/change your password/, /tell us straight away/] },
  ],
};

function flowText(category: TicketCategoryCode, language: LanguageCode): string {
  return selfHelpFlow(category)
    .steps.flatMap((step) => [
      step.title[language],
      ...step.body[language],
      ...(step.checklist?.[language] ?? []),
      ...step.answers.map((answer) => answer.label[language]),
    ])
    .join("\n");
}

describe.each(Object.entries(COVERAGE) as [TicketCategoryCode, Notion[]][])("the %s flow covers the seeds", (category, notions) => {
  it.each(notions.map((notion) => [notion.notion, notion] as const))("%s", (_name, notion) => {
    for (const language of ["ja", "en"] as const) {
      const text = flowText(category, language);
      for (const pattern of notion[language]) expect(text, `${language}: ${pattern}`).toMatch(pattern);
    }
  });
});

/** The prefill of a path, completed with neutral values for fields it leaves open, as the form would submit it. */
function priorityAfter(category: TicketCategoryCode, taken: StepTaken[]) {
  const defaults: Record<TicketCategoryCode, Record<string, unknown>> = {
    EMAIL: { mailType: "OTHER", checkedSpam: false },
    TWO_FA: { problem: "CODE_REJECTED", hasBackupKey: false, phoneVerified: "UNKNOWN", deviceChangedRecently: false },
    SMS: { phoneNumber: "+819012345678", problem: "NO_SMS", currentCountry: "JP" },
    ACCOUNT: { problem: "OTHER", suspectedUnauthorizedAccess: false },
  };
  const details = { ...defaults[category], ...prefillFromAnswers(category, taken) };
  return intakePriority({ category, details } as Parameters<typeof intakePriority>[0]);
}

describe("branches and their consequences", () => {
  it("offers the typo checker on the email address step", () => {
    expect(findStep("EMAIL", selfHelpFlow("EMAIL").firstStep)?.tool).toBe("email-typo-check");
  });

  it("records that the spam folder was checked", () => {
    const taken = [
      { stepKey: "email.address-typo", answer: "STILL_STUCK" },
      { stepKey: "email.spam-folder", answer: "STILL_STUCK" },
    ];
    expect(prefillFromAnswers("EMAIL", taken)).toEqual({ checkedSpam: true });
  });

  it("takes a lost phone through backup key and verified phone to a reset request, at HIGH priority", () => {
    const taken = [
      { stepKey: "two-fa.lost-device", answer: "LOST" },
      { stepKey: "two-fa.backup-key", answer: "NO" },
      { stepKey: "two-fa.verified-phone", answer: "NO" },
      { stepKey: "two-fa.reset-request", answer: "STILL_STUCK" },
    ];
    taken.reduce((expected, step) => {
      expect(step.stepKey).toBe(expected);
      return findStep("TWO_FA", step.stepKey)?.answers.find((answer) => answer.value === step.answer)?.next ?? "";
    }, "two-fa.lost-device");
    expect(findStep("TWO_FA", "two-fa.reset-request")?.answers.find((answer) => answer.value === "STILL_STUCK")?.next).toBe(TO_TICKET);
    expect(prefillFromAnswers("TWO_FA", taken)).toEqual({
      problem: "LOST_DEVICE",
      deviceChangedRecently: true,
      hasBackupKey: false,
      phoneVerified: "NO",
    });
    expect(priorityAfter("TWO_FA", taken)).toBe("HIGH");
  });

  it("sends a user with a verified phone to SMS before any reset", () => {
    expect(findStep("TWO_FA", "two-fa.verified-phone")?.answers.find((answer) => answer.value === "YES")?.next).toBe("two-fa.sms-instead");
    expect(findStep("TWO_FA", "two-fa.backup-key")?.answers.find((answer) => answer.value === "YES")?.next).toBe("two-fa.restore-with-key");
  });

  it("marks a changed SMS number for the recovery ticket", () => {
    expect(prefillFromAnswers("SMS", [{ stepKey: "sms.symptom", answer: "NUMBER_CHANGED" }])).toEqual({ problem: "NUMBER_CHANGED" });
  });

  it("sends suspected unauthorized access straight to the ticket form as URGENT", () => {
    const urgent = findStep("ACCOUNT", "account.unauthorized");
    expect(urgent?.urgent).toBe(true);
    for (const answer of urgent?.answers ?? []) if (answer.value !== "SOLVED") expect(answer.next).toBe(TO_TICKET);
    for (const taken of [
      [{ stepKey: "account.symptom", answer: "UNAUTHORIZED" }],
      [{ stepKey: "account.symptom", answer: "CANNOT_LOGIN" }, { stepKey: "account.official-site", answer: "ENTERED_ON_FAKE_SITE" }],
      [{ stepKey: "account.symptom", answer: "FROZEN" }, { stepKey: "account.frozen-notice", answer: "SUSPECTED_COMPROMISE" }],
    ]) {
      const last = taken.at(-1);
      expect(findStep("ACCOUNT", last?.stepKey ?? "")?.answers.find((answer) => answer.value === last?.answer)?.next).toBe("account.unauthorized");
      const full = [...taken, { stepKey: "account.unauthorized", answer: "STILL_STUCK" }];
      expect(prefillFromAnswers("ACCOUNT", full)).toMatchObject({ suspectedUnauthorizedAccess: true });
      expect(priorityAfter("ACCOUNT", full)).toBe("URGENT");
    }
  });

  it("files a frozen account at HIGH priority", () => {
    const taken = [
      { stepKey: "account.symptom", answer: "FROZEN" },
      { stepKey: "account.frozen-notice", answer: "STILL_STUCK" },
      { stepKey: "account.frozen-prepare", answer: "STILL_STUCK" },
    ];
    expect(priorityAfter("ACCOUNT", taken)).toBe("HIGH");
  });
});

describe("brand neutrality", () => {
  it("names no exchange in any self-help or masking source file", () => {
    const roots = ["lib/self-help", "lib/server/seed/self-help", "lib/tickets"];
    const files = roots.flatMap((root) =>
      readdirSync(root, { recursive: true, encoding: "utf8" })
        .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
        .map((file) => path.join(root, file)),
    );
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      expect(readFileSync(file, "utf8"), file).not.toMatch(/binance|バイナンス|coinbase|bitflyer|kraken|bybit|okx|bitbank|coincheck/i);
    }
  });
});
