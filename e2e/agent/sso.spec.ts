import { randomUUID } from "node:crypto";
import http from "node:http";
import net from "node:net";
import type { Page } from "@playwright/test";
import Provider from "oidc-provider";
import { expect, test } from "../fixtures/agent.ts";
import { queryE2eDatabase } from "../fixtures/db.ts";
import { startSecondInstance, type SecondInstance } from "./second-instance.ts";

/**
 * Single sign-on against a real OpenID Connect provider (the oidc-provider package) on loopback,
 * started by this spec with an app instance configured for it (SSO_ONLY, so the password form is
 * gone). The provider's development login page accepts any login: we log in as an email address
 * ("unverified:" in front makes its email_verified claim false).
 */
test.use({ locale: "en-US" });
test.describe.configure({ mode: "serial" });

let provider: http.Server;
let app: SecondInstance;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const [providerPort, appPort] = await Promise.all([freePort(), freePort()]);
  const issuer = `http://127.0.0.1:${providerPort}`;
  const appURL = `http://localhost:${appPort}`;
  const oidc = new Provider(issuer, {
    clients: [{ client_id: "supportgate-e2e", client_secret: "e2e-client-secret-not-for-production", redirect_uris: [`${appURL}/api/auth/callback/oidc`], grant_types: ["authorization_code"], response_types: ["code"] }],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    cookies: { keys: ["e2e-oidc-cookie-key"] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_context, id) {
      const unverified = id.startsWith("unverified:");
      const email = unverified ? id.slice("unverified:".length) : id;
      return { accountId: id, claims: async () => ({ sub: id, email, email_verified: !unverified, name: `SSO ${email}` }) };
    },
  });
  provider = http.createServer(oidc.callback());
  await new Promise<void>((resolve) => provider.listen(providerPort, "127.0.0.1", resolve));
  app = await startSecondInstance(appPort, {
    OIDC_ISSUER: issuer,
    OIDC_CLIENT_ID: "supportgate-e2e",
    OIDC_CLIENT_SECRET: "e2e-client-secret-not-for-production",
    OIDC_DISPLAY_NAME: "Example SSO",
    SSO_ONLY: "true",
  });
});

test.afterAll(async ({}, testInfo) => {
  // the app's log, for a look after a failure
  if (app) await testInfo.attach("sso-app-instance.log", { body: app.output(), contentType: "text/plain" });
  await app?.stop();
  await new Promise((resolve) => provider?.close(resolve));
});

async function createAccount(role: "AGENT" | "ADMIN" = "AGENT") {
  const email = `sso-${randomUUID().slice(0, 8)}@e2e.test`;
  await queryE2eDatabase(`INSERT INTO users (email, name, role, password_hash, updated_at) VALUES ($1, $2, $3, 'x', now())`, [email, `SSO Person ${email.slice(4, 8)}`, role]);
  return email;
}

/** Through the app's sign-in page and the provider's login and consent pages, back to the app. */
async function ssoSignIn(page: Page, login: string) {
  await page.goto(`${app.baseURL}/agent/sign-in`);
  await page.getByRole("button", { name: "Continue with Example SSO" }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
  const consent = page.getByRole("button", { name: "Continue" });
  await Promise.race([consent.waitFor().then(() => consent.click()), page.waitForURL((url) => url.origin === app.baseURL)]);
  await page.waitForURL((url) => url.origin === app.baseURL && url.pathname !== "/api/auth/callback/oidc");
}

test("in SSO-only mode the sign-in page offers single sign-on alone, and the password endpoint is gone", async ({ page }) => {
  await page.goto(`${app.baseURL}/agent/sign-in`);
  await expect(page.getByRole("button", { name: "Continue with Example SSO" })).toBeVisible();
  await expect(page.locator("#sign-in-form")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Continue with a passkey" })).toHaveCount(0);
  const providers = await (await page.request.get(`${app.baseURL}/api/auth/providers`)).json();
  expect(Object.keys(providers)).toEqual(["oidc"]);
});

test("an existing agent signs in through the provider; the session is recorded as SSO", async ({ page }) => {
  const email = await createAccount();
  await ssoSignIn(page, email);
  await expect(page).toHaveURL(`${app.baseURL}/agent`);
  await expect(page.getByTestId("signed-in-agent")).toContainText("SSO Person");
  const [session] = await queryE2eDatabase<{ method: string }>(
    "SELECT method FROM agent_sessions WHERE user_id = (SELECT id FROM users WHERE email = $1) ORDER BY created_at DESC LIMIT 1",
    [email],
  );
  expect(session!.method).toBe("SSO");
});

test("no account is created, and an unverified email is not enough", async ({ page }) => {
  const stranger = `stranger-${randomUUID().slice(0, 8)}@e2e.test`;
  await ssoSignIn(page, stranger);
  await expect(page).toHaveURL(/\/agent\/sign-in\?.*error=AccessDenied/);
  await expect(page.locator("#sign-in-error")).toContainText("no active SupportGate account has that verified email address");
  expect(await queryE2eDatabase("SELECT 1 FROM users WHERE email = $1", [stranger])).toEqual([]);

  const email = await createAccount();
  await page.context().clearCookies();
  await ssoSignIn(page, `unverified:${email}`);
  await expect(page).toHaveURL(/\/agent\/sign-in\?.*error=AccessDenied/);
});

test("after SSO the app's MFA policy still applies: an admin without a factor sets one up first", async ({ page }) => {
  const email = await createAccount("ADMIN");
  await ssoSignIn(page, email);
  await expect(page).toHaveURL(/\/agent\/enrol\?callbackUrl=%2Fagent$/);
  expect((await page.request.get(`${app.baseURL}/api/agent/tickets`)).status()).toBe(401);
});
