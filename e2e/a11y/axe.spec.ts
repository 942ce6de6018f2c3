import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "../fixtures/agent.ts";

// Every end-user page and the content editor, checked with axe-core: no serious or critical
// violation, in both languages and on a phone as on a desktop.

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

const PUBLIC_PAGES = [
  "/",
  "/help/email",
  "/help/two-fa",
  "/help/sms",
  "/help/account",
  "/help/email/steps/address-typo",
  "/help/two-fa/steps/backup-key",
  "/help/sms/steps/number-format",
  "/help/account/steps/unauthorized",
  "/help/email/solved",
  "/help/email/request",
  "/help/two-fa/request",
  "/help/sms/request",
  "/help/account/request",
  "/help/search?q=spam",
  "/no-such-page",
];

for (const locale of ["ja-JP", "en-US"] as const) {
  test.describe(`public pages (${locale})`, () => {
    test.use({ locale, viewport: { width: 390, height: 844 } });

    for (const path of PUBLIC_PAGES) {
      test(`${path} has no serious or critical violation`, async ({ page }) => {
        await page.goto(path);
        await expect(page.locator("h1").first()).toBeVisible();
        expect(await seriousViolations(page)).toEqual([]);
      });
    }
  });
}

test("a ticket's status and confirmation pages have no serious or critical violation", async ({ page, request }) => {
  const response = await request.post("/api/v1/tickets", {
    data: {
      category: "EMAIL",
      contactEmail: "axe.check@example.com",
      language: "en",
      description: "The verification email never arrives, even after waiting.",
      details: { mailType: "SIGNUP_VERIFICATION", checkedSpam: true },
    },
  });
  expect(response.status()).toBe(201);
  const statusPath = new URL(((await response.json()) as { statusUrl: string }).statusUrl).pathname;
  for (const path of [statusPath, `${statusPath}/received`]) {
    await page.goto(path);
    await expect(page.locator("h1").first()).toBeVisible();
    expect(await seriousViolations(page), path).toEqual([]);
  }
});

test("the content editor, its diff and its phone preview have no serious or critical violation", async ({ adminPage: page }) => {
  await page.goto("/agent/content");
  expect(await seriousViolations(page)).toEqual([]);
  await page.goto("/agent/content/email");
  await page.getByRole("button", { name: "Start a draft" }).click();
  await expect(page.getByRole("heading", { name: "Checks before publishing" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  const preview = await page.locator('iframe[name="phone-preview"]').getAttribute("src");

  await page.getByRole("link", { name: "Compare with the live revision" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Changes from revision");
  expect(await seriousViolations(page)).toEqual([]);

  await page.goto(preview ?? "");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await page.goto("/agent/content/email");
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Discard the draft" }).click();
  await expect(page.getByRole("button", { name: "Start a draft" })).toBeVisible();
});
