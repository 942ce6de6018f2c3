import { expect, test, type Page } from "@playwright/test";
import { queryE2eDatabase } from "../fixtures/db.ts";
import { answerSteps, cspViolations, recordedSession, selfHelpSessionId } from "./intake-steps.ts";

// One session per category that goes through to a ticket, in both languages: the ticket holds
// the category fields, the steps tried and the right priority; the private status link shows it
// and takes a reply.

type StoredTicket = {
  id: string;
  reference: string;
  category: string;
  status: string;
  priority: string;
  language: string;
  contact_email: string;
  description: string;
  details: Record<string, unknown>;
  masked: boolean;
  self_help_session_id: string | null;
};

const CONFIRMATION = {
  en: { received: "We've received your request", statusLink: "Your private status link", open: "Go to your status page" },
  ja: { received: "お問い合わせを受け付けました", statusLink: "あなた専用の状況確認リンク", open: "状況確認ページへ" },
};
const REPLY = {
  en: { reply: "Your reply", send: "Send reply", sent: "Your reply was sent." },
  ja: { reply: "返信内容", send: "返信する", sent: "返信を送信しました。" },
};

async function storedTicket(reference: string): Promise<StoredTicket> {
  const [ticket] = await queryE2eDatabase<StoredTicket>(
    `SELECT id, reference, category::text, status::text, priority::text, language::text, contact_email, description,
            details, masked, self_help_session_id FROM tickets WHERE reference = $1`,
    [reference],
  );
  if (!ticket) throw new Error(`no ticket ${reference}`);
  return ticket;
}

/** On the confirmation page: the reference, then the private link leads to the status page. */
async function confirmAndOpenStatus(page: Page, labels: { received: string; statusLink: string; open: string }) {
  await expect(page).toHaveURL(/\/status\/[A-Za-z0-9_-]{43}\/received$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(labels.received);
  const reference = (await page.locator(".reference-value").textContent())!.trim();
  expect(reference).toMatch(/^SG-[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}$/);
  const statusUrl = await page.getByRole("textbox", { name: labels.statusLink }).inputValue();
  expect(statusUrl).toMatch(/\/status\/[A-Za-z0-9_-]{43}$/);
  expect(page.url()).toBe(`${statusUrl}/received`);
  await page.getByRole("link", { name: labels.open }).click();
  await expect(page).toHaveURL(statusUrl);
  return { reference, statusUrl };
}

async function replyFromStatusPage(page: Page, ticketId: string, text: string, labels: { reply: string; send: string; sent: string }) {
  await page.getByLabel(labels.reply).fill(text);
  await page.getByRole("button", { name: labels.send }).click();
  await expect(page.getByText(labels.sent)).toBeVisible();
  await expect(page.locator(".conversation")).toContainText(text);
  const messages = await queryE2eDatabase<{ kind: string; author_type: string; body: string }>(
    "SELECT kind::text, author_type::text, body FROM messages WHERE ticket_id = $1",
    [ticketId],
  );
  expect(messages).toEqual([{ kind: "PUBLIC_REPLY", author_type: "CUSTOMER", body: text }]);
}

test.describe("through to a ticket, in English", () => {
  test.use({ locale: "en-US" });

  test("EMAIL: not solved after all, then a ticket with the steps tried; a retry after a lost answer files one", async ({ page, context }) => {
    const violations = cspViolations(page);
    await page.goto("/");
    await page.getByRole("button", { name: /Email isn't arriving/ }).click();
    await answerSteps(page, "EMAIL", "en", [
      ["email.address-typo", "STILL_STUCK"],
      ["email.spam-folder", "SOLVED"],
    ]);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Glad that helped!");
    await page.getByRole("button", { name: "Not solved after all? Go back" }).click();
    await answerSteps(page, "EMAIL", "en", [
      ["email.spam-folder", "STILL_STUCK"],
      ["email.wait-delay", "STILL_STUCK"],
      ["email.resend-once", "STILL_STUCK"],
      ["email.already-registered", "STILL_STUCK"],
      ["email.security-filter", "STILL_STUCK"],
      ["email.service-status", "STILL_STUCK"],
    ]);

    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Send a request: Email isn't arriving");
    const tried = page.getByRole("region", { name: "Steps you already tried" });
    await expect(tried.getByRole("listitem")).toHaveCount(7);
    await expect(tried).toContainText("Look in your spam folder");
    // the spam folder answer is carried into the form
    await expect(page.getByRole("group", { name: "Did you check the spam, junk and trash folders?" }).getByLabel("Yes")).toBeChecked();

    // the browser checks with the same schema and shows errors beside the fields
    await page.getByRole("button", { name: "Send request" }).click();
    await expect(page.getByText("Enter a valid email address, like name@example.com.")).toBeVisible();
    await expect(page.getByLabel("Your contact email")).toHaveAccessibleDescription(/Enter a valid email address/);
    await expect(page.getByText("Choose one of the options.")).toBeVisible();
    await expect(page.getByText("Describe the problem in 10 to 5000 characters.")).toBeVisible();

    await page.getByLabel("Your contact email").fill("e2e.email@example.com");
    await page.getByRole("group", { name: "Which email is missing?" }).getByLabel("Password reset").check();
    await page.getByLabel(/Your email provider/).fill("Outlook");
    await page.getByLabel("What happened?").fill("The password reset mail never arrives, I waited two hours.");
    // The first answer is lost on the way back (the ticket is filed nonetheless); sending the same
    // form again must lead to that ticket, not a second one.
    let dropped = false;
    await page.route("**/help/email/request", async (route) => {
      if (route.request().method() !== "POST" || dropped) return route.continue();
      dropped = true;
      await route.fetch();
      await route.abort("connectionreset");
    });
    await page.getByRole("button", { name: "Send request" }).click();
    await expect(page.locator(".form-error")).toHaveText(/couldn.t reach the server/);
    expect(await queryE2eDatabase("SELECT 1 FROM tickets WHERE contact_email = $1", ["e2e.email@example.com"])).toHaveLength(1);
    await page.getByRole("button", { name: "Send request" }).dblclick();

    const { reference } = await confirmAndOpenStatus(page, CONFIRMATION.en);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Request ${reference}`);
    await expect(page.getByText("Received, waiting for an agent")).toBeVisible();

    const sessionId = await selfHelpSessionId(context, "EMAIL").catch(() => null);
    // the form's session cookie is cleared once the ticket is filed
    expect(sessionId).toBeNull();
    const ticket = await storedTicket(reference);
    expect(ticket).toMatchObject({
      category: "EMAIL",
      status: "NEW",
      priority: "NORMAL",
      language: "en",
      contact_email: "e2e.email@example.com",
      details: { mailType: "PASSWORD_RESET", checkedSpam: true, mailProvider: "Outlook" },
      masked: false,
    });
    expect(await queryE2eDatabase("SELECT 1 FROM tickets WHERE contact_email = $1", ["e2e.email@example.com"])).toHaveLength(1);
    const recorded = await recordedSession(ticket.self_help_session_id!);
    expect(recorded.session).toMatchObject({ outcome: "ESCALATED", ended: true });
    expect(recorded.steps).toEqual([
      [0, "email.address-typo", "STILL_STUCK"],
      [1, "email.spam-folder", "SOLVED"],
      [2, "email.spam-folder", "STILL_STUCK"],
      [3, "email.wait-delay", "STILL_STUCK"],
      [4, "email.resend-once", "STILL_STUCK"],
      [5, "email.already-registered", "STILL_STUCK"],
      [6, "email.security-filter", "STILL_STUCK"],
      [7, "email.service-status", "STILL_STUCK"],
    ]);

    await replyFromStatusPage(page, ticket.id, "It still has not arrived this morning.", REPLY.en);
    // A second reply from the same page is a new message, not a repeat of the first.
    await page.getByLabel(REPLY.en.reply).fill("My spam folder is empty too.");
    await page.getByRole("button", { name: REPLY.en.send }).click();
    await expect(page.locator(".conversation")).toContainText("My spam folder is empty too.");
    const replies = await queryE2eDatabase<{ body: string }>("SELECT body FROM messages WHERE ticket_id = $1 ORDER BY created_at", [ticket.id]);
    expect(replies.map((reply) => reply.body)).toEqual(["It still has not arrived this morning.", "My spam folder is empty too."]);
    expect(violations).toEqual([]);
  });

  test("SMS on a phone-sized screen: the number is checked, then filed", async ({ browser }) => {
    const context = await browser.newContext({ locale: "en-US", viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto("/");
    await page.getByRole("button", { name: /SMS codes/ }).click();
    await answerSteps(page, "SMS", "en", [
      ["sms.symptom", "NO_SMS"],
      ["sms.number-format", "STILL_STUCK"],
      ["sms.signal-roaming", "STILL_STUCK"],
      ["sms.carrier-filter", "STILL_STUCK"],
      ["sms.wait-resend", "STILL_STUCK"],
      ["sms.authenticator", "STILL_STUCK"],
    ]);
    await expect(page.getByRole("group", { name: "What is the problem?" }).getByLabel("The SMS doesn't arrive")).toBeChecked();

    await page.getByLabel("Your contact email").fill("e2e.sms@example.com");
    await page.getByLabel("Phone number on your account").fill("090 1234");
    await page.getByLabel("Which country are you in right now?").selectOption({ label: "Japan" });
    await page.getByLabel("What happened?").fill("No SMS arrives when I try to sign in.");
    await page.getByRole("button", { name: "Send request" }).click();
    await expect(page.getByLabel("Phone number on your account")).toHaveAccessibleDescription(/We could not read this as a phone number/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    await page.getByLabel("Phone number on your account").fill("+81 90-1234-5678");
    await page.getByRole("button", { name: "Send request" }).click();
    const { reference } = await confirmAndOpenStatus(page, CONFIRMATION.en);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const ticket = await storedTicket(reference);
    expect(ticket).toMatchObject({
      category: "SMS",
      priority: "NORMAL",
      details: { phoneNumber: "+819012345678", problem: "NO_SMS", currentCountry: "JP" },
    });
    expect((await recordedSession(ticket.self_help_session_id!)).steps).toHaveLength(6);
    await replyFromStatusPage(page, ticket.id, "I am in Japan again now.", REPLY.en);
    await context.close();
  });

  test("ACCOUNT frozen: HIGH priority with the reason from the notice", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("button", { name: /Can't log in \/ account frozen/ }).click();
    await answerSteps(page, "ACCOUNT", "en", [
      ["account.symptom", "FROZEN"],
      ["account.frozen-notice", "STILL_STUCK"],
      ["account.frozen-prepare", "STILL_STUCK"],
    ]);
    await expect(page.getByRole("group", { name: "What is the problem?" }).getByLabel("My account is frozen or locked")).toBeChecked();
    await page.getByLabel("Your contact email").fill("e2e.frozen@example.com");
    await page.getByLabel(/Reason given in the notice/).fill("Unusual activity detected");
    await page.getByLabel("What happened?").fill("My account was frozen this morning without warning.");
    await page.getByRole("button", { name: "Send request" }).click();
    const { reference } = await confirmAndOpenStatus(page, CONFIRMATION.en);
    const ticket = await storedTicket(reference);
    expect(ticket).toMatchObject({
      category: "ACCOUNT",
      priority: "HIGH",
      details: { problem: "FROZEN", suspectedUnauthorizedAccess: false, noticeReason: "Unusual activity detected" },
    });
    await replyFromStatusPage(page, ticket.id, "I have my ID documents ready.", REPLY.en);
  });
});

test.describe("through to a ticket, in Japanese", () => {
  test.use({ locale: "ja-JP" });

  test("TWO_FA: lost phone without backup key or verified phone is HIGH", async ({ page, context }) => {
    await page.goto("/");
    await page.getByRole("button", { name: /2段階認証/ }).click();
    await answerSteps(page, "TWO_FA", "ja", [
      ["two-fa.lost-device", "LOST"],
      ["two-fa.backup-key", "NO"],
      ["two-fa.verified-phone", "NO"],
      ["two-fa.reset-request", "STILL_STUCK"],
    ]);
    const sessionId = await selfHelpSessionId(context, "TWO_FA");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("お問い合わせ：2段階認証（認証アプリ）のコード");
    await expect(page.getByRole("group", { name: "どのような問題ですか？" }).getByLabel("認証アプリの入ったスマホをなくした・機種変更した")).toBeChecked();
    await expect(page.getByRole("group", { name: /バックアップキー/ }).getByLabel("いいえ")).toBeChecked();
    await expect(page.getByRole("group", { name: "アカウントに認証済みの電話番号はありますか？" }).getByLabel("いいえ")).toBeChecked();
    await expect(page.getByRole("group", { name: "最近スマホを機種変更・初期化しましたか？" }).getByLabel("はい")).toBeChecked();
    await expect(page.getByRole("group", { name: "返信の言語" }).getByLabel("日本語")).toBeChecked();

    await page.getByLabel("連絡先メールアドレス").fill("e2e.twofa@example.jp");
    await page.getByLabel("何が起きましたか？").fill("機種変更したら認証アプリのコードがなくなりました。");
    await page.getByRole("button", { name: "送信する" }).click();
    const { reference } = await confirmAndOpenStatus(page, CONFIRMATION.ja);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`お問い合わせ ${reference}`);
    const ticket = await storedTicket(reference);
    expect(ticket).toMatchObject({
      category: "TWO_FA",
      priority: "HIGH",
      language: "ja",
      details: { problem: "LOST_DEVICE", hasBackupKey: false, phoneVerified: "NO", deviceChangedRecently: true },
      self_help_session_id: sessionId,
    });
    expect((await recordedSession(sessionId)).steps).toEqual([
      [0, "two-fa.lost-device", "LOST"],
      [1, "two-fa.backup-key", "NO"],
      [2, "two-fa.verified-phone", "NO"],
      [3, "two-fa.reset-request", "STILL_STUCK"],
    ]);
    await replyFromStatusPage(page, ticket.id, "本人確認書類はいつでも出せます。", REPLY.ja);
  });

  test("SMS: a number typed as dialled in Japan, in full-width digits, is stored in E.164; the country starts at Japan and can be searched", async ({ page }) => {
    await page.goto("/help/sms/request");
    const country = page.getByLabel("現在いる国", { exact: true });
    await expect(country).toHaveValue("JP");
    await page.getByLabel("国名で探す").fill("シンガ");
    // the list narrows to the match (and the current choice)
    await expect(country.locator("option:not([value=''])")).toHaveText(["日本", "シンガポール"]);
    await country.selectOption({ label: "シンガポール" });
    await page.getByLabel("アカウントに登録した電話番号").fill("０９０－１２３４－５６７８");
    await page.getByRole("group", { name: "どのような問題ですか？" }).getByLabel("SMSが届かない").check();
    await page.getByLabel("連絡先メールアドレス").fill("e2e.sms.ja@example.jp");
    await page.getByLabel("何が起きましたか？").fill("シンガポールにいる間、SMSの認証コードが届きません。");
    await page.getByRole("button", { name: "送信する" }).click();
    const { reference } = await confirmAndOpenStatus(page, CONFIRMATION.ja);
    expect(await storedTicket(reference)).toMatchObject({
      category: "SMS",
      details: { phoneNumber: "+819012345678", problem: "NO_SMS", currentCountry: "SG" },
    });
  });

  test("ACCOUNT: suspected unauthorized access is URGENT, and a pasted code is masked", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("button", { name: /ログインできない・アカウント凍結/ }).click();
    await answerSteps(page, "ACCOUNT", "ja", [["account.symptom", "UNAUTHORIZED"]]);
    await expect(page.locator(".step.is-urgent")).toBeVisible();
    await expect(page.getByText("今すぐ対応してください")).toBeVisible();
    await answerSteps(page, "ACCOUNT", "ja", [["account.unauthorized", "STILL_STUCK"]]);

    await expect(page.getByRole("group", { name: "どのような問題ですか？" }).getByLabel("誰かに不正にログインされたかもしれない")).toBeChecked();
    await expect(page.getByRole("group", { name: /不正にアクセスしたと思いますか/ }).getByLabel("はい")).toBeChecked();
    await page.getByLabel("連絡先メールアドレス").fill("e2e.account@example.jp");
    await page.getByLabel("何が起きましたか？").fill("知らない端末からログインされました。届いた2FAコードは 482913 でした。");
    await page.getByRole("button", { name: "送信する" }).click();

    await expect(page.getByRole("heading", { name: "秘密情報のような文字を削除しました" })).toBeVisible();
    const { reference } = await confirmAndOpenStatus(page, CONFIRMATION.ja);
    const ticket = await storedTicket(reference);
    expect(ticket).toMatchObject({
      category: "ACCOUNT",
      priority: "URGENT",
      masked: true,
      details: { problem: "UNAUTHORIZED_ACCESS", suspectedUnauthorizedAccess: true },
    });
    expect(ticket.description).toContain("知らない端末からログインされました。");
    expect(ticket.description).not.toContain("482913");
    await expect(page.getByText("482913")).toHaveCount(0);
    await expect(page.getByText("［コードを削除しました］")).toBeVisible();
    await replyFromStatusPage(page, ticket.id, "パスワードはすでに変更しました。", REPLY.ja);
  });
});

test.describe("status links", () => {
  test("an unknown or malformed token is the same plain 404", async ({ page }) => {
    const bodies: string[] = [];
    for (const token of ["A".repeat(43), "not-a-token", "SG-7KQ4-92XD"]) {
      const response = await page.goto(`/status/${token}`);
      expect(response?.status()).toBe(404);
      expect(response?.headers()["referrer-policy"]).toBe("no-referrer");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Not found");
      bodies.push(await page.locator("main").innerText());
    }
    expect(new Set(bodies).size).toBe(1);
  });

  test("a status page is private: no referrer, not indexed", async ({ page, request }) => {
    const created = await request.post("/api/v1/tickets", {
      data: {
        category: "EMAIL",
        contactEmail: "e2e.api@example.com",
        language: "en",
        description: "Filed through the API for the status page check.",
        details: { mailType: "OTHER", checkedSpam: false },
      },
    });
    expect(created.status()).toBe(201);
    const { statusUrl, reference } = await created.json();
    const response = await page.goto(statusUrl);
    expect(response?.status()).toBe(200);
    expect(response?.headers()["referrer-policy"]).toBe("no-referrer");
    expect(response?.headers()["x-robots-tag"]).toContain("noindex");
    await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Request ${reference}`);
  });
});
