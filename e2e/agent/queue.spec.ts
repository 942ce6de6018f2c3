import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { E2E_ADMIN, E2E_AGENTS } from "../fixtures/accounts.ts";
import { expect, test } from "../fixtures/agent.ts";
import { queryE2eDatabase } from "../fixtures/db.ts";
import { ageSecondFactor, answerStepUp, knownTotpSecret } from "../fixtures/second-factor.ts";
import { insertTicket, type E2eTicket } from "./tickets.ts";

const BEN = E2E_AGENTS[1];

async function threeTickets(marker: string): Promise<E2eTicket[]> {
  const tickets: E2eTicket[] = [];
  for (const [index, description] of [
    `=HYPERLINK("http://evil.example","open me") mail never arrives (${marker})`,
    `Verification mail is not in the spam folder either (${marker})`,
    `Password reset mail is late by hours (${marker})`,
  ].entries()) {
    tickets.push(
      await insertTicket({
        category: "EMAIL",
        language: "en",
        contactEmail: `${marker}.${index}@example.com`,
        description,
        details: { mailType: "PASSWORD_RESET", checkedSpam: true },
      }),
    );
  }
  return tickets;
}

test.describe("the queue", () => {
  test.use({ locale: "en-US" });

  test("keyboard shortcuts, bulk changes with per-ticket refusals, and a stale row named by who changed it", async ({ agentPage: page }) => {
    const marker = `e2e${randomUUID().slice(0, 8)}`;
    const tickets = await threeTickets(marker);
    await page.goto(`/agent?q=${marker}`);
    await expect(page.getByTestId("queue-row")).toHaveCount(3);
    await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");

    // Letters typed into the search box stay letters.
    await page.getByLabel("Search").fill("");
    await page.keyboard.type("jx");
    await expect(page.getByLabel("Search")).toHaveValue("jx");
    await expect(page.locator(".queue-row.is-active")).toHaveCount(0);
    await page.getByLabel("Search").fill(marker);
    await page.getByRole("heading", { level: 1 }).click();

    await page.keyboard.press("?");
    await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog")).toHaveCount(0);

    await page.keyboard.press("j");
    await page.keyboard.press("x");
    await page.keyboard.press("j");
    await page.keyboard.press("x");
    await expect(page.getByRole("heading", { name: "2 tickets selected" })).toBeVisible();
    const selected = await page.locator(".queue-row.is-selected").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-reference")));
    expect(selected).toHaveLength(2);

    // Ben changes one of them while this page cannot refresh (a slow connection): its row is stale.
    await page.route("**/api/agent/tickets?*", (route) => route.abort());
    const staleReference = selected[1]!;
    await queryE2eDatabase(
      `WITH changed AS (UPDATE tickets SET priority = 'HIGH', version = version + 1 WHERE reference = $1 RETURNING id)
       INSERT INTO audit_events (ticket_id, actor_type, actor_id, action, field, from_value, to_value)
       SELECT changed.id, 'AGENT', users.id, 'ticket.priority_changed', 'priority', 'NORMAL', 'HIGH' FROM changed, users WHERE users.email = $2`,
      [staleReference, BEN.email],
    );
    await page.getByLabel("Set status").selectOption("PENDING");
    await page.getByRole("button", { name: "Apply" }).click();
    const outcome = page.getByTestId("bulk-outcome");
    await expect(outcome).toContainText("1 ticket changed, 0 already so.");
    await expect(outcome.getByRole("alert")).toContainText(`${staleReference}: ${BEN.name} changed this ticket after you opened it.`);

    const stored = await queryE2eDatabase<{ reference: string; status: string; version: number }>(
      "SELECT reference, status, version FROM tickets WHERE reference = ANY($1) ORDER BY reference",
      [selected],
    );
    expect(Object.fromEntries(stored.map((row) => [row.reference, [row.status, row.version]]))).toEqual({
      [selected[0]!]: ["PENDING", 2],
      [staleReference]: ["NEW", 2],
    });

    // Back online: the queue catches up by itself.
    await page.unroute("**/api/agent/tickets?*");
    await page.getByRole("checkbox", { name: `Select ${tickets[2]!.reference}` }).check();
    await page.getByLabel("Assign to").selectOption({ label: BEN.name });
    await page.getByRole("button", { name: "Assign", exact: true }).click();
    await expect(outcome).toContainText("1 ticket changed");
    await expect(page.locator(`[data-reference="${tickets[2]!.reference}"]`).getByTestId("queue-assignee")).toHaveText(BEN.name);
    await expect(page.locator(`[data-reference="${selected[0]}"]`)).toContainText("Pending");

    // Enter opens the focused ticket.
    await page.keyboard.press("k");
    const focused = await page.locator(".queue-row.is-active").getAttribute("data-reference");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/agent/tickets/${focused}$`));
  });

  // The export is a step-up action (README "Agent sign-in"): the admin, who has a second factor,
  // confirms it in the dialog first.
  test("exports the filtered queue as CSV with formulas defused", async ({ adminPage: page }) => {
    const marker = `e2e${randomUUID().slice(0, 8)}`;
    const tickets = await threeTickets(marker);
    await page.goto(`/agent?q=${marker}&category=EMAIL`);
    await expect(page.getByTestId("queue-row")).toHaveCount(3);
    await ageSecondFactor(page);
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    expect(await answerStepUp(page, knownTotpSecret(E2E_ADMIN.email)!)).toBe(true);
    const csv = fs.readFileSync((await (await download).path())!, "utf8");
    const lines = csv.replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "Reference,Status,Priority,Category,Language,Contact email,Assignee,Created at,First response due,First responded at,SLA breached,Description",
    );
    expect(lines).toHaveLength(4);
    for (const ticket of tickets) expect(csv).toContain(ticket.reference);
    const formulaLine = lines.find((line) => line.includes("HYPERLINK"))!;
    expect(formulaLine).toContain(`"'=HYPERLINK(""http://evil.example"",""open me"") mail never arrives (${marker})"`);
  });

  test("marks breached first-response times; queue and ticket view fit a phone", async ({ agentPage: page }) => {
    const marker = `e2e${randomUUID().slice(0, 8)}`;
    const [late] = await threeTickets(marker);
    await queryE2eDatabase("UPDATE tickets SET sla_due_at = now() - interval '90 minutes' WHERE id = $1", [late!.id]);
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`/agent?q=${marker}&breached=1`);
    const rows = page.getByTestId("queue-row");
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(late!.reference);
    await expect(rows.first()).toContainText("Overdue by 1h 30m");
    await expect(page.getByLabel("SLA breached only")).toBeChecked();
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);

    await rows.first().getByRole("link", { name: late!.reference }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(late!.reference);
    await expect(page.locator(".ticket-sla")).toContainText("Overdue by 1h 30m");
    expect(await overflow()).toBeLessThanOrEqual(0);
  });
});
