import { devices, expect, test } from "@playwright/test";
import { queryE2eDatabase } from "../fixtures/db.ts";
import { selfHelpSessionId } from "./intake-steps.ts";

// Suggestions while typing, on a phone: the start page's search and the ticket form's
// description, in Japanese (no spaces between words) and English.
test.use({ ...devices["Pixel 7"] });

test.describe("in Japanese", () => {
  test.use({ locale: "ja-JP" });

  test("the start page suggests steps as the problem is typed, and opening one is recorded", async ({ page, context }) => {
    await page.goto("/");
    await page.getByLabel("または、お困りごとを入力してください").fill("認証メールが迷惑メールにも見当たらない");
    const suggestions = page.getByRole("region", { name: "こちらのステップが役に立つかもしれません" });
    await expect(suggestions.getByRole("link").first()).toContainText("迷惑メールフォルダを見てみましょう");
    await suggestions.getByRole("link", { name: /迷惑メールフォルダを見てみましょう/ }).click();

    await expect(page).toHaveURL("/help/email/steps/spam-folder");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("迷惑メールフォルダを見てみましょう");
    // the page records the opening once it is shown
    await expect.poll(() => selfHelpSessionId(context, "EMAIL").catch(() => "")).not.toBe("");
    const sessionId = await selfHelpSessionId(context, "EMAIL");
    const [session] = await queryE2eDatabase<{ entry: string; step_key: string }>(
      "SELECT s.entry::text, st.step_key FROM self_help_sessions s JOIN self_help_steps st ON st.session_id = s.id WHERE s.id = $1",
      [sessionId],
    );
    expect(session).toEqual({ entry: "SUGGESTION", step_key: "email.spam-folder" });
  });
});

test.describe("in English", () => {
  test.use({ locale: "en-US" });

  test("the ticket form suggests steps while the problem is described", async ({ page }) => {
    await page.goto("/help/sms/request");
    await page.getByLabel("What happened?").fill("The SMS code never arrives, maybe my carrier blocks messages");
    const suggestions = page.getByRole("region", { name: "Before you send: these steps may help" });
    await expect(suggestions.getByRole("link", { name: /Check SMS blocking and filters/ })).toBeVisible();
    await expect(suggestions.getByRole("link").first()).toHaveAttribute("href", /^\/help\/sms\/steps\/[a-z-]+\?from=suggestion$/);
  });

  test("the start page's search works without JavaScript too", async ({ browser }) => {
    const context = await browser.newContext({ ...devices["Pixel 7"], javaScriptEnabled: false, locale: "en-US" });
    const page = await context.newPage();
    await page.goto("/");
    await page.getByLabel("Or describe your problem").fill("lost my phone with the authenticator app");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Steps that may help");
    await expect(page.getByRole("link", { name: /Do you still have your authenticator app\?/ })).toBeVisible();
    await context.close();
  });
});
