import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { keyedTag } from "../../lib/server/auth/keys.ts";
import { hashPassword } from "../../lib/server/auth/password.ts";
import { E2E_NEXTAUTH_SECRET } from "../fixtures/accounts.ts";
import { expect, signIn, test } from "../fixtures/agent.ts";
import { actionPagePath, serverActions } from "../fixtures/build-manifest.ts";
import { queryE2eDatabase } from "../fixtures/db.ts";
import { ageSecondFactor, answerStepUp, freshTotpCode, giveTotp, noteTotpUsed, sessionIdOf } from "../fixtures/second-factor.ts";

// Agent sign-in as agents live it (README "Agent sign-in"): an authenticator app, recovery codes,
// a passkey in Chromium's virtual authenticator, an admin who must enrol first, step-up before a
// sensitive action, sessions that end everywhere at once, and an admin's reset link.
test.use({ locale: "en-US" });

/** A throwaway account, so ending its sessions or changing its factors disturbs no other test. */
async function createAccount(role: "AGENT" | "ADMIN" = "AGENT") {
  const email = `mfa-${randomUUID().slice(0, 8)}@e2e.test`;
  const password = `mfa-password-${randomUUID().slice(0, 8)}`;
  const name = `MFA ${role === "ADMIN" ? "Admin" : "Agent"} ${email.slice(4, 8)}`;
  await queryE2eDatabase(`INSERT INTO users (email, name, role, password_hash, updated_at) VALUES ($1, $2, $3, $4, now())`, [email, name, role, await hashPassword(password)]);
  return { email, password, name };
}

async function signOut(page: Page) {
  await page.getByRole("banner").getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/agent\/sign-in$/);
}

async function passwordStep(page: Page, account: { email: string; password: string }) {
  await page.goto("/agent/sign-in");
  await page.locator("#sign-in-email").fill(account.email);
  await page.locator("#sign-in-password").fill(account.password);
  await page.locator('#sign-in-form button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname !== "/agent/sign-in");
}

/** On the account page or the enrolment page: adds an authenticator app, returns its secret and the recovery codes shown. */
async function enrolTotp(page: Page): Promise<{ secret: string; codes: string[] }> {
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  await expect(page.getByRole("img", { name: "QR code to scan with your authenticator app" })).toBeVisible();
  const secret = await page.getByTestId("totp-secret").inputValue();
  await page.getByLabel("Code shown by the app").fill(await freshTotpCode(secret));
  await page.getByRole("button", { name: "Confirm", exact: true }).click();
  const shown = page.getByTestId("recovery-codes");
  await expect(shown).toBeVisible();
  const codes = await shown.getByRole("listitem").allTextContents();
  expect(codes).toHaveLength(10);
  await shown.getByRole("button", { name: "I have saved these codes" }).click();
  return { secret, codes };
}

test("TOTP: enrol from the shown secret, sign in with password and code; a recovery code works once; the export asks for a fresh factor", async ({ page }) => {
  const agent = await createAccount();
  await signIn(page, agent);
  await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  await page.getByRole("button", { name: /Add an authenticator app/ }).click();
  const { secret, codes } = await enrolTotp(page);
  await expect(page.getByTestId("factor-list")).toContainText("Authenticator app");
  await expect(page.getByTestId("recovery-codes-left")).toHaveText("10 unused recovery codes");

  // a sensitive step without a fresh factor: the API refuses, the link asks first
  await ageSecondFactor(page);
  const refused = await page.request.get("/api/agent/tickets/export");
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.code).toBe("STEP_UP_REQUIRED");
  await page.goto("/agent");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  expect(await answerStepUp(page, secret)).toBe(true);
  expect((await download).suggestedFilename()).toMatch(/^supportgate-queue-\d+\.csv$/);

  // password, then the code from the app
  await signOut(page);
  await passwordStep(page, agent);
  await expect(page).toHaveURL(/\/agent\/verify\?callbackUrl=%2Fagent$/);
  await expect(page.getByRole("heading", { level: 1, name: "Confirm it's you" })).toBeVisible();
  await giveTotp(page, secret);
  await expect(page).toHaveURL(/\/agent$/);
  await expect(page.getByTestId("signed-in-agent")).toContainText(agent.name);

  // a recovery code instead of the app: once
  const recovery = codes[0]!;
  await signOut(page);
  await passwordStep(page, agent);
  await page.getByLabel("Code").fill(recovery);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/agent$/);
  await signOut(page);
  await passwordStep(page, agent);
  await page.getByLabel("Code").fill(recovery);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.locator("#verify-form").getByRole("alert")).toHaveText("This code is not correct, or it was already used.");
  await expect(page).toHaveURL(/\/agent\/verify/);
  const [used] = await queryE2eDatabase<{ used: number }>(
    "SELECT count(*)::int AS used FROM recovery_codes WHERE used_at IS NOT NULL AND user_id = (SELECT id FROM users WHERE email = $1)",
    [agent.email],
  );
  expect(used!.used).toBe(1);
  // nothing but the second step is reachable meanwhile
  expect((await page.request.get("/api/agent/tickets")).status()).toBe(401);
});

test("passkey: enrol one in Chromium's virtual authenticator and sign in with it alone", async ({ page }) => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  const agent = await createAccount();
  await signIn(page, agent);
  await page.goto("/agent/account");
  await page.getByRole("button", { name: /Add an authenticator app/ }).click();
  await page.locator("#passkey-name").fill("Laptop passkey");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  const shown = page.getByTestId("recovery-codes");
  await expect(shown).toBeVisible();
  await shown.getByRole("button", { name: "I have saved these codes" }).click();
  await expect(page.getByTestId("factor-list")).toContainText("Laptop passkey");
  // a discoverable credential for this site, held by the authenticator
  const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
  expect(credentials.map((credential) => [credential.isResidentCredential, credential.rpId])).toEqual([[true, "localhost"]]);

  await signOut(page);
  await page.getByRole("button", { name: "Continue with a passkey" }).click();
  await expect(page).toHaveURL(/\/agent$/);
  await expect(page.getByTestId("signed-in-agent")).toContainText(agent.name);
  const [session] = await queryE2eDatabase<{ method: string; verified: boolean }>(
    "SELECT method, second_factor_at IS NOT NULL AS verified FROM agent_sessions WHERE id = $1",
    [await sessionIdOf(page)],
  );
  expect(session).toEqual({ method: "PASSKEY", verified: true });
});

test("an admin without a second factor sets one up at sign-in before reaching any page or API", async ({ page }) => {
  const admin = await createAccount("ADMIN");
  await passwordStep(page, admin);
  await expect(page).toHaveURL(/\/agent\/enrol\?callbackUrl=%2Fagent$/);
  await expect(page.getByRole("heading", { level: 1, name: "Set up a second factor" })).toBeVisible();
  await page.goto("/agent/metrics");
  await expect(page).toHaveURL(/\/agent\/enrol\?callbackUrl=/);
  const api = await page.request.get("/api/agent/tickets");
  expect(api.status()).toBe(401);
  expect((await api.json()).error.code).toBe("SECOND_FACTOR_REQUIRED");
  const { secret } = await enrolTotp(page);
  noteTotpUsed(secret);
  await expect(page).toHaveURL(/\/agent$/);
  await expect(page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Admin" })).toBeVisible();
});

test("sessions: listed with device and address; revoking one and signing out everywhere end them at their next request, live stream and actions included", async ({ page, browser, baseURL }) => {
  const agent = await createAccount();
  await signIn(page, agent);
  const other = await browser.newContext({ baseURL, locale: "en-US" });
  const second = await other.newPage();
  await signIn(second, agent);
  // the second browser listens to live updates
  await second.evaluate(() => {
    const state = window as unknown as { liveClosed?: boolean; liveReady?: boolean };
    const source = new EventSource("/api/agent/events");
    source.addEventListener("ready", () => (state.liveReady = true));
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) state.liveClosed = true;
    };
  });
  await second.waitForFunction(() => (window as unknown as { liveReady?: boolean }).liveReady === true);

  await page.goto("/agent/account");
  const list = page.getByTestId("session-list");
  await expect(list.getByRole("row")).toHaveCount(3);
  await expect(page.getByTestId("current-session")).toContainText("This browser");
  await expect(page.getByTestId("other-session")).toContainText("Chrome");
  await expect(page.getByTestId("other-session")).toContainText(/127\.0\.0\.1|::1|::ffff:127\.0\.0\.1/);
  await page.getByTestId("other-session").getByRole("button", { name: /^Sign out the session on/ }).click();
  await expect(page.getByTestId("other-session")).toHaveCount(0);

  // the revoked browser: its live stream closes, its next action, API call and page are refused
  await second.waitForFunction(() => (window as unknown as { liveClosed?: boolean }).liveClosed === true, undefined, { timeout: 15_000 });
  const claim = serverActions().find((action) => action.exportedName === "claimAction")!;
  const action = await second.request.post(actionPagePath(claim, () => "00000000-0000-4000-8000-000000000000"), {
    headers: { "Next-Action": claim.id, Accept: "text/x-component", "Content-Type": "text/plain;charset=UTF-8", Origin: baseURL! },
    data: JSON.stringify([{ ticketId: "00000000-0000-4000-8000-000000000000", version: 1 }]),
    maxRedirects: 0,
  });
  expect(await action.text()).toMatch(/"ok":false,"code":"UNAUTHENTICATED"/);
  expect((await second.request.get("/api/agent/tickets")).status()).toBe(401);
  await second.goto("/agent");
  await expect(second).toHaveURL(/\/agent\/sign-in/);
  await other.close();

  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/agent\/sign-in$/);
  const [open] = await queryE2eDatabase<{ open: number }>(
    "SELECT count(*)::int AS open FROM agent_sessions WHERE ended_at IS NULL AND user_id = (SELECT id FROM users WHERE email = $1)",
    [agent.email],
  );
  expect(open!.open).toBe(0);
});

test("an admin mails a single-use reset link; the agent sets a new password with it", async ({ adminPage, page }) => {
  const agent = await createAccount();
  await adminPage.goto("/agent/admin/agents");
  const row = adminPage.getByTestId(`agent-row-${agent.email}`);
  await row.getByText(`Sign-in help for ${agent.name}`).click();
  await row.getByRole("button", { name: "Send password-reset link" }).click();
  await expect(row.getByRole("status")).toHaveText(`A reset link was mailed to ${agent.email}.`);
  const [mail] = await queryE2eDatabase<{ text_body: string }>("SELECT text_body FROM outbox_messages WHERE kind = 'AGENT_PASSWORD_RESET' AND to_address = $1", [agent.email]);
  const resetId = /\{\{password-reset:([0-9a-f-]{36})\}\}/.exec(mail!.text_body)![1]!;
  // the link the outbox worker puts in the mail when sending it
  const link = `/agent/reset-password/${resetId}.${keyedTag("password-reset", resetId, E2E_NEXTAUTH_SECRET)}`;
  await adminPage.goto("/agent/admin/outbox");
  await expect(adminPage.getByText(link)).toHaveCount(0);

  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1, name: "Set a new password" })).toBeVisible();
  await page.getByLabel("New password", { exact: true }).fill("a-fresh-password-789");
  await page.getByLabel("New password again").fill("a-fresh-password-789");
  await page.getByRole("button", { name: "Set password" }).click();
  await expect(page.getByRole("status")).toContainText("Your password was changed");
  await signIn(page, { email: agent.email, password: "a-fresh-password-789" });
  await expect(page.getByTestId("signed-in-agent")).toContainText(agent.name);
  await page.goto(link);
  await expect(page.getByText("This link cannot be used")).toBeVisible();
});
