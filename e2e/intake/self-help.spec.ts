import { expect, test } from "@playwright/test";
import { findStep } from "@/lib/self-help/flows.ts";
import { SEED_FLOWS } from "@/lib/server/seed/self-help-flows.ts";
import { answerSteps, cspViolations, recordedSession, selfHelpSessionId } from "./intake-steps.ts";

// One session per category that self-help solves, in both languages; each must be recorded as
// deflected with every step shown and answered in order.

test.describe("solved by self-help, in Japanese", () => {
  test.use({ locale: "ja-JP" });

  test("EMAIL: the typo check finds the mistake and the visitor reports it solved", async ({ page, context }) => {
    const violations = cspViolations(page);
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 2, name: "どのようなお困りごとですか？" })).toBeVisible();
    await page.getByRole("button", { name: /メールが届かない/ }).click();

    await expect(page.getByRole("heading", { level: 1 })).toHaveText("メールアドレスを確かめましょう");
    await expect(page.getByText("ステップ 1", { exact: true })).toBeVisible();
    await page.getByLabel("登録したメールアドレス").fill("taro.yamada@gmial.com");
    await page.getByRole("button", { name: "アドレスを確認する" }).click();
    await expect(page.getByText("taro.yamada@gmail.com の間違いではありませんか？")).toBeVisible();
    await page.getByRole("button", { name: "間違いを直したら届きました" }).click();

    await expect(page.getByRole("heading", { level: 1 })).toHaveText("解決してよかったです！");
    const sessionId = await selfHelpSessionId(context, "EMAIL");
    const recorded = await recordedSession(sessionId);
    expect(recorded.session).toEqual({ outcome: "DEFLECTED", category: "EMAIL", language: "ja", ended: true });
    expect(recorded.steps).toEqual([[0, "email.address-typo", "SOLVED"]]);
    // the typed address is personal data and never leaves the browser
    expect(JSON.stringify(recorded)).not.toContain("gmial");
    expect(violations).toEqual([]);
  });

  test("SMS: a wrong country code was the cause", async ({ page, context }) => {
    await page.goto("/");
    await page.getByRole("button", { name: /SMS認証コード/ }).click();
    await answerSteps(page, "SMS", "ja", [
      ["sms.symptom", "NO_SMS"],
      ["sms.number-format", "SOLVED"],
    ]);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("解決してよかったです！");
    const recorded = await recordedSession(await selfHelpSessionId(context, "SMS"));
    expect(recorded.session).toMatchObject({ outcome: "DEFLECTED", language: "ja", ended: true });
    expect(recorded.steps).toEqual([
      [0, "sms.symptom", "NO_SMS"],
      [1, "sms.number-format", "SOLVED"],
    ]);
  });
});

test.describe("solved by self-help, in English", () => {
  test.use({ locale: "en-US" });

  test("TWO_FA: the phone clock was off", async ({ page, context }) => {
    await page.goto("/");
    await page.getByRole("button", { name: /2FA \/ authenticator codes/ }).click();
    await answerSteps(page, "TWO_FA", "en", [
      ["two-fa.lost-device", "HAVE_APP"],
      ["two-fa.current-code", "STILL_STUCK"],
      ["two-fa.time-sync", "SOLVED"],
    ]);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Glad that helped!");
    const recorded = await recordedSession(await selfHelpSessionId(context, "TWO_FA"));
    expect(recorded.session).toEqual({ outcome: "DEFLECTED", category: "TWO_FA", language: "en", ended: true });
    expect(recorded.steps).toEqual([
      [0, "two-fa.lost-device", "HAVE_APP"],
      [1, "two-fa.current-code", "STILL_STUCK"],
      [2, "two-fa.time-sync", "SOLVED"],
    ]);
  });

  test("ACCOUNT: a password reset gets the visitor back in", async ({ page, context }) => {
    await page.goto("/");
    await page.getByRole("button", { name: /Can't log in \/ account frozen/ }).click();
    await answerSteps(page, "ACCOUNT", "en", [
      ["account.symptom", "CANNOT_LOGIN"],
      ["account.official-site", "STILL_STUCK"],
      ["account.registration", "STILL_STUCK"],
      ["account.password-reset", "SOLVED"],
    ]);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Glad that helped!");
    const recorded = await recordedSession(await selfHelpSessionId(context, "ACCOUNT"));
    expect(recorded.session).toMatchObject({ outcome: "DEFLECTED", language: "en" });
    expect(recorded.steps.map(([, key, answer]) => `${key}:${answer}`)).toEqual([
      "account.symptom:CANNOT_LOGIN",
      "account.official-site:STILL_STUCK",
      "account.registration:STILL_STUCK",
      "account.password-reset:SOLVED",
    ]);
  });

  test("works without JavaScript: answers are plain form posts", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: "en-US" });
    const page = await context.newPage();
    await page.goto("/");
    await page.getByRole("button", { name: /SMS codes/ }).click();
    const first = findStep(SEED_FLOWS.SMS, "sms.symptom")!;
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(first.title.en);
    await answerSteps(page, "SMS", "en", [
      ["sms.symptom", "CODE_REJECTED"],
      ["sms.wait-resend", "SOLVED"],
    ]);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Glad that helped!");
    const recorded = await recordedSession(await selfHelpSessionId(context, "SMS"));
    expect(recorded.session).toMatchObject({ outcome: "DEFLECTED" });
    expect(recorded.steps).toEqual([
      [0, "sms.symptom", "CODE_REJECTED"],
      [1, "sms.wait-resend", "SOLVED"],
    ]);
    await context.close();
  });
});
