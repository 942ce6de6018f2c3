import { randomUUID } from "node:crypto";
import { hashPassword } from "../../lib/server/auth/password.ts";
import { E2E_ADMIN, E2E_AGENTS } from "../fixtures/accounts.ts";
import { expect, signIn, test } from "../fixtures/agent.ts";
import { queryE2eDatabase } from "../fixtures/db.ts";

/** A throwaway agent, so locking or deactivating it cannot disturb other tests. */
async function createAgent(password: string) {
  const email = `temp-${randomUUID()}@e2e.test`;
  await queryE2eDatabase(
    `INSERT INTO users (id, email, name, role, password_hash, updated_at) VALUES (gen_random_uuid(), $1, 'Temp Agent', 'AGENT', $2, now())`,
    [email, await hashPassword(password)],
  );
  return { email, password };
}

test.describe("agent sign-in", () => {
  test.use({ locale: "en-US" });

  test("an anonymous visitor of any dashboard page is sent to sign-in and back afterwards", async ({ page }) => {
    await page.goto("/agent/metrics?category=SMS");
    await expect(page).toHaveURL(/\/agent\/sign-in\?callbackUrl=%2Fagent%2Fmetrics%3Fcategory%3DSMS$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Agent sign-in");

    await page.goto("/agent");
    await expect(page).toHaveURL(/\/agent\/sign-in\?callbackUrl=%2Fagent$/);
    await page.getByLabel("Email").fill(E2E_AGENTS[0].email);
    await page.getByLabel("Password").fill(E2E_AGENTS[0].password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/agent$/);
    await expect(page.getByTestId("signed-in-agent")).toContainText(E2E_AGENTS[0].name);
    const nav = page.getByRole("navigation", { name: "Dashboard" });
    await expect(nav.getByRole("link", { name: "Queue" })).toHaveAttribute("aria-current", "page");
    await expect(nav.getByRole("link", { name: "Metrics" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Admin" })).toHaveCount(0);
  });

  test("wrong password and unknown email get the same message; field errors are tied to their fields", async ({ page }) => {
    await page.goto("/agent/sign-in");
    await page.getByRole("button", { name: "Sign in" }).click();
    const email = page.getByLabel("Email");
    await expect(email).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator(`#${await email.getAttribute("aria-describedby")}`)).toHaveText("Enter your email address.");
    await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");

    const messages: string[] = [];
    for (const credentials of [
      { email: E2E_AGENTS[1].email, password: "not the password" },
      { email: "nobody-here@e2e.test", password: "not the password" },
    ]) {
      await page.goto("/agent/sign-in");
      await page.getByLabel("Email").fill(credentials.email);
      await page.getByLabel("Password").fill(credentials.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      const alert = page.locator("#sign-in-form").getByRole("alert");
      await expect(alert).toBeVisible();
      messages.push((await alert.textContent()) ?? "");
    }
    expect(messages[0]).toContain("The email or password is not correct");
    expect(messages[1]).toBe(messages[0]);
    await expect(page).toHaveURL(/\/agent\/sign-in/);
  });

  test("slows repeated failures down for this account from this address, with a message that says so, and locks nothing", async ({ page, adminPage }) => {
    const agent = await createAgent("temp-agent-password-1");
    await page.goto("/agent/sign-in");
    for (let attempt = 0; attempt < 5; attempt++) {
      await page.getByLabel("Email").fill(agent.email);
      await page.getByLabel("Password").fill("wrong-password");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
      await expect(page.locator("#sign-in-form").getByRole("alert")).toContainText("The email or password is not correct");
    }
    // the sixth try from this address waits, whatever the password; the account itself is not locked
    await page.getByLabel("Password").fill(agent.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("#sign-in-form").getByRole("alert")).toContainText("Too many failed sign-ins from your network for this account");
    await expect(page).toHaveURL(/\/agent\/sign-in/);
    const [row] = await queryE2eDatabase<{ failed_sign_ins: number }>("SELECT failed_sign_ins FROM users WHERE email = $1", [agent.email]);
    expect(row).toEqual({ failed_sign_ins: 5 });
    // an admin's unlock lets the agent straight back in, even from this address
    await adminPage.goto("/agent/admin/agents");
    const agentRow = adminPage.getByTestId(`agent-row-${agent.email}`);
    await expect(agentRow).toContainText("5 failed sign-ins since the last success");
    await agentRow.getByText("Sign-in help for Temp Agent").click();
    await agentRow.getByRole("button", { name: "Clear sign-in throttling" }).click();
    await expect(agentRow.getByRole("status")).toHaveText("Sign-in throttling cleared.");
    await signIn(page, agent);
    await expect(page.getByTestId("signed-in-agent")).toContainText("Temp Agent");
  });

  test("signing out ends the session: the old cookie is refused too", async ({ page, browser, baseURL }) => {
    // its own session: signing out ends it on the server, and the worker's shared ones must live on
    const agent = await createAgent("temp-agent-password-3");
    await signIn(page, agent);
    const cookies = await page.context().cookies();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/agent\/sign-in$/);
    await page.goto("/agent");
    await expect(page).toHaveURL(/\/agent\/sign-in\?callbackUrl=%2Fagent$/);
    // a copy of the cookie taken before signing out (a stolen one) works no more: page and API
    const thief = await browser.newContext({ baseURL });
    await thief.addCookies(cookies);
    const stolen = await thief.newPage();
    await stolen.goto("/agent");
    await expect(stolen).toHaveURL(/\/agent\/sign-in/);
    expect((await stolen.request.get("/api/agent/tickets")).status()).toBe(401);
    expect(await (await stolen.request.get("/api/auth/session")).json()).toEqual({});
    await thief.close();
  });

  test("a deactivated agent's session stops working at the next request", async ({ page }) => {
    const agent = await createAgent("temp-agent-password-2");
    await signIn(page, agent);
    await expect(page.getByTestId("signed-in-agent")).toContainText("Temp Agent");
    await queryE2eDatabase("UPDATE users SET active = false WHERE email = $1", [agent.email]);
    await page.reload();
    await expect(page).toHaveURL(/\/agent\/sign-in/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Agent sign-in");
  });

  test("an admin sees the admin section in the navigation", async ({ adminPage: page }) => {
    await page.goto("/agent");
    await expect(page.getByTestId("signed-in-agent")).toContainText("Admin");
    await expect(page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Admin" })).toBeVisible();
  });

  test("the sign-in page refuses to send anyone off-site afterwards, second factor step included", async ({ page }) => {
    await signIn(page, E2E_ADMIN, "https://evil.example/agent");
    await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/agent$/);
  });
});

test.describe("agent sign-in in Japanese at phone width", () => {
  test.use({ locale: "ja-JP", viewport: { width: 375, height: 740 } });

  test("is translated and fits the screen", async ({ page }) => {
    await page.goto("/agent/sign-in");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("担当者ログイン");
    await expect(page.getByLabel("メールアドレス")).toBeVisible();
    await expect(page.getByLabel("パスワード")).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByRole("button", { name: "表示言語をEnglishに切り替える" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Agent sign-in");
  });
});
