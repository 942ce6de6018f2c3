import { expect, test } from "../fixtures/agent.ts";
import { queryE2eDatabase } from "../fixtures/db.ts";

// The account flow's identity-verification step, which no other browser test walks through, so
// publishing a change to it cannot disturb the tests running beside this one.
const STEP = "account.kyc-documents";
const OLD = { ja: "本人確認を完了しましょう", en: "Complete your identity verification" };
const NEW = { ja: "本人確認の書類を出しましょう", en: "Send your identity documents" };

test.describe.configure({ mode: "serial" });

test("an admin edits a step in Japanese, sees English flagged, previews, publishes, and rolls back", async ({ adminPage: page, browser, baseURL }) => {
  await page.goto("/agent/content");
  await page.getByRole("link", { name: "Can't log in / account frozen" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Self-help: Can't log in / account frozen");
  const liveBefore = Number((await page.getByTestId("live-revision").textContent())?.match(/#(\d+)/)?.[1]);
  await page.getByRole("button", { name: "Start a draft" }).click();

  const step = page.locator(`section[data-step="${STEP}"]`);
  const editor = step.getByRole("form", { name: `Edit ${STEP}` });
  const japanese = editor.getByRole("group", { name: /^Japanese/ });
  const english = editor.getByRole("group", { name: /^English/ });
  await japanese.getByLabel("Title").fill(NEW.ja);
  await editor.getByRole("button", { name: "Save the step" }).click();
  await expect(editor.getByRole("status")).toHaveText("Saved in the draft.");
  // editing Japanese marks English as needing an update, and publishing waits for it
  await expect(english.getByText("needs an update")).toBeVisible();
  await expect(page.getByTestId("checks")).toContainText(`${STEP}: the English text needs an update`);
  await expect(japanese.getByText("needs an update")).toHaveCount(0);

  await english.getByLabel("Title").fill(NEW.en);
  await editor.getByRole("button", { name: "Save the step" }).click();
  await expect(english.getByText("needs an update")).toHaveCount(0);
  await expect(page.getByTestId("checks")).toContainText("All checks pass");

  // the phone preview shows the draft as a customer sees it
  await step.getByRole("link", { name: `Preview ${STEP} on a phone` }).click();
  const preview = page.frameLocator('iframe[name="phone-preview"]');
  await expect(preview.getByRole("heading", { level: 1 })).toHaveText(NEW.en);
  await expect(preview.getByRole("link", { name: "I sent them and will wait for the review" })).toBeVisible();

  // customers still see the live text until it is published
  const customer = await browser.newContext({ baseURL, locale: "ja-JP" });
  const visitor = await customer.newPage();
  await visitor.goto(`/help/account/steps/kyc-documents`);
  await expect(visitor.getByRole("heading", { level: 1 })).toHaveText(OLD.ja);

  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("status").filter({ hasText: "is live" })).toBeVisible();
  await expect(page.getByTestId("live-revision")).toContainText(`#${liveBefore + 1}`);
  await visitor.reload();
  await expect(visitor.getByRole("heading", { level: 1 })).toHaveText(NEW.ja);

  // per-step figures for the live and the previous revision
  const figures = step.getByRole("table", { name: `Figures of ${STEP}` });
  await expect(figures.getByRole("row")).toHaveText([/Revision/, new RegExp(`Live #${liveBefore + 1}`), new RegExp(`Previous #${liveBefore}`)]);

  // the history has a readable diff and a rollback
  const history = page.getByTestId("history");
  await history.getByRole("link", { name: `Changes since #${liveBefore}` }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Changes from revision #${liveBefore} to #${liveBefore + 1}`);
  await expect(page.locator("del").filter({ hasText: "Complete your identity verification" }).or(page.locator("del").filter({ hasText: "Complete" }))).toHaveCount(1);
  await expect(page.locator("ins").filter({ hasText: "Send" })).toHaveCount(1);
  await page.getByRole("link", { name: "Back to the editor" }).click();

  page.once("dialog", (dialog) => dialog.accept());
  await page.getByTestId("history").getByRole("button", { name: `Roll back to #${liveBefore}` }).click();
  await expect(page.getByTestId("live-revision")).toContainText(`#${liveBefore + 2}`);
  await visitor.reload();
  await expect(visitor.getByRole("heading", { level: 1 })).toHaveText(OLD.ja);
  await customer.close();

  const [audit] = await queryE2eDatabase<{ count: string }>("SELECT count(*) FROM audit_events WHERE action IN ('self_help.published', 'self_help.rolled_back')");
  expect(Number(audit?.count)).toBeGreaterThanOrEqual(2);
});

test("publishing a draft with an unreachable step is refused, naming the step", async ({ adminPage: page }) => {
  await page.goto("/agent/content/account");
  await page.getByRole("button", { name: "Start a draft" }).click();
  await page.getByLabel("Step name").fill("extra-check");
  await page.getByLabel("Title (Japanese)").fill("もう一つの確認");
  await page.getByLabel("Title (English)").fill("One more check");
  await page.getByRole("button", { name: "Add a step" }).click();
  await expect(page.locator('section[data-step="account.extra-check"]')).toBeVisible();

  await page.getByRole("button", { name: "Publish" }).click();
  const refusal = page.getByRole("alert").filter({ hasText: "Not published" });
  await expect(refusal).toContainText("account.extra-check cannot be reached from the first step.");
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Discard the draft" }).click();
  await expect(page.getByRole("button", { name: "Start a draft" })).toBeVisible();
});

test("an agent without the editor role is kept out", async ({ agentPage: page }) => {
  await page.goto("/agent/content");
  await expect(page.getByRole("alert").filter({ hasText: "editors" })).toHaveText("Only editors and admins can change the self-help content.");
  await expect(page.getByRole("link", { name: "Self-help content" })).toHaveCount(0);
});
