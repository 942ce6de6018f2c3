import { expect, test } from "../fixtures/agent.ts";
import { queryE2eDatabase } from "../fixtures/db.ts";

const count = async (sql: string) => Number((await queryE2eDatabase<{ count: string }>(sql))[0]!.count);

/** Other specs may file tickets meanwhile: the shown number lies between the counts before and after. */
async function expectCountBetween(read: () => Promise<number>, sql: string) {
  const before = await count(sql);
  const shown = await read();
  const after = await count(sql);
  expect(shown).toBeGreaterThanOrEqual(before);
  expect(shown).toBeLessThanOrEqual(after);
}

test.use({ locale: "en-US" });

test("metrics show charts for the filtered period, with the filters in the URL", async ({ agentPage: page }) => {
  await page.goto("/agent/metrics");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Metrics");
  for (const id of ["per-day", "deflection", "steps", "times", "sla", "backlog"]) {
    await expect(page.getByTestId(`chart-${id}`).locator("canvas")).toBeVisible();
  }
  // every seeded ticket is younger than 30 days
  const total = page.getByTestId("metric-total");
  await expectCountBetween(async () => { await page.reload(); return Number(await total.textContent()); }, "SELECT count(*) FROM tickets");

  await page.getByRole("combobox", { name: "Category", exact: true }).selectOption("SMS");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/[?&]category=SMS/);
  await expect(page.getByRole("combobox", { name: "Category", exact: true })).toHaveValue("SMS");
  await expectCountBetween(async () => Number(await total.textContent()), "SELECT count(*) FROM tickets WHERE category = 'SMS'");

  const backlog = page.getByTestId("chart-backlog");
  await backlog.getByText("Show the data as a table").click();
  const openCell = backlog.getByRole("row", { name: /^Open/ }).getByRole("cell");
  await expectCountBetween(async () => Number(await openCell.textContent()), "SELECT count(*) FROM tickets WHERE category = 'SMS' AND status = 'OPEN'");

  // a shared link opens the same view
  await page.goto(page.url());
  await expect(page.getByRole("combobox", { name: "Category", exact: true })).toHaveValue("SMS");
});

test("invalid filters in the URL are named and ignored", async ({ agentPage: page }) => {
  await page.goto("/agent/metrics?from=2026-13-45&category=PHONE");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("from, category");
  await expect(page.getByRole("combobox", { name: "Category", exact: true })).toHaveValue("");
});

test.describe("at phone width in Japanese", () => {
  test.use({ locale: "ja-JP", viewport: { width: 375, height: 740 } });

  test("fits the screen", async ({ agentPage: page }) => {
    await page.goto("/agent/metrics");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("指標");
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  });
});
