import { randomUUID } from "node:crypto";
import { verifyPassword } from "../../lib/server/auth/password.ts";
import { E2E_ADMIN } from "../fixtures/accounts.ts";
import { expect, signIn, test } from "../fixtures/agent.ts";
import { ageSecondFactor, answerStepUp, knownTotpSecret } from "../fixtures/second-factor.ts";
import { queryE2eDatabase } from "../fixtures/db.ts";

test.use({ locale: "en-US" });

test("an admin adds an agent, who signs in; promoting (with step-up) and deactivating take effect at once", async ({ adminPage, page }) => {
  const email = `new-agent-${randomUUID().slice(0, 8)}@e2e.test`;
  await adminPage.goto("/agent/admin/agents");
  const form = adminPage.getByRole("region", { name: "Add an agent" });
  await form.getByLabel("Name").fill("Nora Field");
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Initial password").fill("short");
  await form.getByRole("button", { name: "Add agent" }).click();
  const password = form.getByLabel("Initial password");
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByText("Use at least 12 characters.")).toBeVisible();

  await password.fill("nora-initial-password");
  await form.getByRole("button", { name: "Add agent" }).click();
  await expect(form.getByRole("status")).toHaveText(`${email} can now sign in.`);
  const row = adminPage.getByTestId(`agent-row-${email}`);
  await expect(row).toContainText("Nora Field");
  const [stored] = await queryE2eDatabase<{ password_hash: string; role: string }>("SELECT password_hash, role FROM users WHERE email = $1", [email]);
  expect(stored!.role).toBe("AGENT");
  expect(await verifyPassword(stored!.password_hash, "nora-initial-password")).toBe(true);

  // the new agent signs in and has no admin section
  await signIn(page, { email, password: "nora-initial-password" });
  await expect(page.getByTestId("signed-in-agent")).toContainText("Nora Field");
  await page.goto("/agent/admin/agents");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(/for administrators/);
  await expect(page.getByText("aiko.sato@example.com")).toHaveCount(0);

  // promoting needs the admin's fresh second factor; a stale one brings up the step-up dialog
  await ageSecondFactor(adminPage);
  await row.getByLabel("Role of Nora Field").selectOption("ADMIN");
  await row.getByRole("button", { name: "Change role" }).click();
  expect(await answerStepUp(adminPage, knownTotpSecret(E2E_ADMIN.email)!)).toBe(true);
  await expect(row.getByRole("status")).toHaveText("Saved.");
  // promoted: the old session ended; signing in again, a new admin must set up a second factor first
  await page.goto("/agent/admin/agents");
  await expect(page).toHaveURL(/\/agent\/sign-in/);
  await signIn(page, { email, password: "nora-initial-password" }, "/agent/admin/agents");
  await expect(page).toHaveURL(/\/agent\/enrol\?callbackUrl=/);
  await page.goto("/agent");
  await expect(page).toHaveURL(/\/agent\/enrol/);

  // deactivated: the session stops working
  adminPage.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: "Deactivate" }).click();
  await expect(row).toContainText("Deactivated");
  await page.reload();
  await expect(page).toHaveURL(/\/agent\/sign-in/);

  const events = await queryE2eDatabase<{ action: string; ticket_id: string | null }>(
    `SELECT action, ticket_id FROM audit_events WHERE action LIKE 'user.%' AND (to_value = (SELECT id::text FROM users WHERE email = $1) OR data->>'userId' = (SELECT id::text FROM users WHERE email = $1)) ORDER BY id`,
    [email],
  );
  expect(events).toEqual([
    { action: "user.created", ticket_id: null },
    { action: "user.role_changed", ticket_id: null },
    { action: "user.deactivated", ticket_id: null },
  ]);
});

test("an admin cannot deactivate their own account", async ({ adminPage }) => {
  await adminPage.goto("/agent/admin/agents");
  const ownRow = adminPage.getByTestId("agent-row-admin@e2e.test");
  await expect(ownRow).toContainText("you");
  await expect(ownRow.getByRole("button", { name: "Deactivate" })).toHaveCount(0);
});

test("canned responses: create with placeholders, refuse unknown ones, edit and deactivate", async ({ adminPage: page }) => {
  const title = `Spam folder ${randomUUID().slice(0, 6)}`;
  await page.goto("/agent/admin/canned-responses");
  const form = page.getByRole("region", { name: "New canned response" });
  await form.getByLabel("Category").selectOption("EMAIL");
  await form.getByLabel("Language").selectOption("en");
  await form.getByLabel("Title").fill(title);
  const body = form.getByLabel("Text");
  await expect(body).toHaveAccessibleDescription(/\{\{reference\}\}/);
  await body.fill("Hello, about {{refrence}}");
  await form.getByRole("button", { name: "Add canned response" }).click();
  await expect(body).toHaveAttribute("aria-invalid", "true");
  await expect(body).toHaveAccessibleDescription(/placeholder that does not exist/);

  await body.fill("Hello {{customerEmail}}, about {{reference}}: please check the spam folder. — {{agentName}}");
  await form.getByRole("button", { name: "Add canned response" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved.");
  const row = page.getByTestId(`canned-row-${title}`);
  await expect(row).toContainText("Email not arriving");

  await row.getByRole("link", { name: "Edit" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Edit canned response");
  await page.getByRole("combobox", { name: "Category", exact: true }).selectOption("ALL");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved.");
  await page.getByRole("link", { name: "Back to canned responses" }).click();
  await expect(row).toContainText("All categories");

  await row.getByRole("button", { name: "Deactivate" }).click();
  await expect(row).toContainText("Deactivated");
  const [stored] = await queryE2eDatabase<{ category: string | null; active: boolean; body: string }>(
    "SELECT category, active, body FROM canned_responses WHERE title = $1",
    [title],
  );
  expect(stored).toEqual({ category: null, active: false, body: "Hello {{customerEmail}}, about {{reference}}: please check the spam folder. — {{agentName}}" });
});

test("SLA targets: the page says they apply to new tickets, and saving stores them", async ({ adminPage: page }) => {
  await page.goto("/agent/admin/sla-targets");
  await expect(page.getByText("Changes apply to tickets created after you save.")).toBeVisible();
  const low = page.getByLabel("First response for Low, in minutes");
  const original = await low.inputValue();
  try {
    await low.fill("0");
    await page.getByRole("button", { name: "Save targets" }).click();
    await expect(low).toHaveAttribute("aria-invalid", "true");
    await low.fill("4000");
    await page.getByRole("button", { name: "Save targets" }).click();
    await expect(page.getByRole("status")).toHaveText("Saved. New tickets use these targets.");
    const [stored] = await queryE2eDatabase<{ first_response_minutes: number }>("SELECT first_response_minutes FROM sla_targets WHERE priority = 'LOW'");
    expect(stored!.first_response_minutes).toBe(4000);
  } finally {
    await queryE2eDatabase("UPDATE sla_targets SET first_response_minutes = $1 WHERE priority = 'LOW'", [Number(original)]);
  }
});

test.describe("at phone width", () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test("admin pages fit the screen", async ({ adminPage: page }) => {
    for (const path of ["/agent/admin", "/agent/admin/canned-responses", "/agent/admin/sla-targets"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), path).toBeLessThanOrEqual(0);
    }
  });
});
