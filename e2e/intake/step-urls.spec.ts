import { devices, expect, test, type Page } from "@playwright/test";
import { recordedHistory, recordedSession, selfHelpSessionId } from "./intake-steps.ts";

// A customer on a phone: every step has its own URL, so the browser's Back and Forward, a refresh
// and a shared link all work, and the recorded path follows what is on screen.
test.use({ ...devices["Pixel 7"], locale: "en-US" });

const heading = (page: Page) => page.getByRole("heading", { level: 1 });

test("Back returns to the previous step with its answer undone; Forward, refresh and \"previous step\" keep the place", async ({ page, context }) => {
  await page.goto("/");
  await page.getByRole("button", { name: /Email isn.t arriving/ }).click();
  await expect(page).toHaveURL("/help/email/steps/address-typo");
  await expect(heading(page)).toHaveText("Check the email address");
  await page.getByRole("button", { name: "The address is correct" }).click();

  await expect(page).toHaveURL("/help/email/steps/spam-folder");
  // focus moves to the new step's heading, and the change is announced
  await expect(heading(page)).toHaveText("Look in your spam folder");
  await expect(heading(page)).toBeFocused();
  await expect(page.getByRole("status").filter({ hasText: "Step 2: Look in your spam folder" })).toBeAttached();
  await page.getByRole("button", { name: "It is not in any folder" }).click();
  await expect(heading(page)).toHaveText("Give it a little time");
  const sessionId = await selfHelpSessionId(context, "EMAIL");
  // The arriving page tells the server which step is on screen; let it finish, as a person reading the step would.
  await page.waitForLoadState("networkidle");

  await page.goBack();
  await expect(page).toHaveURL("/help/email/steps/spam-folder");
  await expect(heading(page)).toHaveText("Look in your spam folder");
  await expect
    .poll(() => recordedHistory(sessionId))
    .toEqual(["0 email.address-typo STILL_STUCK", "~1 email.spam-folder STILL_STUCK", "~2 email.wait-delay -", "3 email.spam-folder -"]);
  await expect(page.getByText("Step 2", { exact: true })).toBeVisible();

  await page.goForward();
  await expect(heading(page)).toHaveText("Give it a little time");
  await expect.poll(async () => (await recordedHistory(sessionId)).slice(3)).toEqual(["3 email.spam-folder STILL_STUCK", "4 email.wait-delay -"]);

  await page.reload();
  await expect(page).toHaveURL("/help/email/steps/wait-delay");
  await expect(heading(page)).toHaveText("Give it a little time");
  await expect(page.getByText("Step 3", { exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Previous step" }).click();
  await expect(page).toHaveURL("/help/email/steps/spam-folder");
  await expect(heading(page)).toHaveText("Look in your spam folder");
  await expect(heading(page)).toBeFocused();
  await page.getByRole("button", { name: "Found it" }).click();
  await expect(heading(page)).toHaveText("Glad that helped!");
  expect((await recordedSession(sessionId)).session?.outcome).toBe("DEFLECTED");
  // the category's own URL still works, and leads to the step in progress
  await page.goto("/help/email");
  await expect(heading(page)).toHaveText("Email isn't arriving");
});

test("Back from the ticket form undoes the answer that led there", async ({ page, context }) => {
  await page.goto("/");
  await page.getByRole("button", { name: /Can't log in/ }).click();
  await page.getByRole("button", { name: "Someone else may have got into my account" }).click();
  await expect(heading(page)).toHaveText("Act now: protect your account");
  await page.getByRole("button", { name: "Report it now" }).click();
  await expect(page).toHaveURL("/help/account/request");
  const sessionId = await selfHelpSessionId(context, "ACCOUNT");
  await page.goBack();
  await expect(heading(page)).toHaveText("Act now: protect your account");
  await expect.poll(() => recordedHistory(sessionId)).toEqual([
    "0 account.symptom UNAUTHORIZED",
    "~1 account.unauthorized STILL_STUCK",
    "2 account.unauthorized -",
  ]);
});

test("on the urgent step the safe action is the primary button and comes first", async ({ page }) => {
  await page.goto("/help/account/steps/unauthorized");
  const buttons = page.getByRole("group", { name: "Your answer" }).getByRole("button");
  await expect(buttons.first()).toHaveText("Report it now");
  await expect(buttons.first()).toHaveClass(/button-primary/);
  await expect(page.getByRole("button", { name: "It was me after all" })).not.toHaveClass(/button-(primary|success)/);
});

test("a shared step link opens that step, and answering it starts the path there", async ({ page, context }) => {
  await page.goto("/help/sms/steps/carrier-filter");
  await expect(heading(page)).toHaveText("Check SMS blocking and filters");
  await expect(page.getByText(/^Step \d/)).toHaveCount(0);
  await page.getByRole("button", { name: "It arrived after I changed that" }).click();
  await expect(heading(page)).toHaveText("Glad that helped!");
  expect(await recordedHistory(await selfHelpSessionId(context, "SMS"))).toEqual(["0 sms.carrier-filter SOLVED"]);
  expect((await page.goto("/help/sms/steps/no-such-step"))?.status()).toBe(404);
});

test("without JavaScript, answering a step the browser went back to goes back on the path", async ({ browser }) => {
  const context = await browser.newContext({ ...devices["Pixel 7"], javaScriptEnabled: false, locale: "en-US" });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByRole("button", { name: /Email isn.t arriving/ }).click();
  await page.getByRole("button", { name: "The address is correct" }).click();
  await expect(heading(page)).toHaveText("Look in your spam folder");
  await page.goBack();
  await expect(heading(page)).toHaveText("Check the email address");
  await page.getByRole("button", { name: "I fixed a typo and the mail arrived" }).click();
  await expect(heading(page)).toHaveText("Glad that helped!");
  expect(await recordedHistory(await selfHelpSessionId(context, "EMAIL"))).toEqual([
    "~0 email.address-typo STILL_STUCK",
    "~1 email.spam-folder -",
    "2 email.address-typo SOLVED",
  ]);
  await context.close();
});
