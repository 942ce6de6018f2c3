import { expect, test } from "../fixtures/agent.ts";

test.use({ locale: "en-US" });

test("pages get a nonce CSP without eval, framing is refused, and scripts still run", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const first = await page.goto("/");
  const policy = first!.headers()["content-security-policy"] ?? "";
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).not.toContain("unsafe-eval");
  expect(first!.headers()["x-content-type-options"]).toBe("nosniff");
  expect(first!.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  // plain http here: no HSTS
  expect(first!.headers()["strict-transport-security"]).toBeUndefined();
  // Next.js's own scripts carry the nonce
  const nonce = /'nonce-([^']+)'/.exec(policy)![1]!;
  expect(await page.locator(`script[nonce]`).count()).toBeGreaterThan(0);
  expect(await page.evaluate(() => [...document.scripts].every((script) => script.nonce !== ""))).toBe(true);

  // a fresh nonce per response
  const second = await page.reload();
  expect(/'nonce-([^']+)'/.exec(second!.headers()["content-security-policy"] ?? "")?.[1]).not.toBe(nonce);

  // the sign-in form hydrates and validates in the browser (JavaScript runs under the policy)
  await page.goto("/agent/sign-in");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  expect(violations).toEqual([]);
});

test("dashboard pages with charts run under the policy", async ({ agentPage: page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.goto("/agent/metrics");
  await expect(page.getByTestId("chart-backlog").locator("canvas")).toHaveAttribute("width", /\d+/);
  expect(violations).toEqual([]);
});

test("API answers carry the static security headers", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.headers()["x-content-type-options"]).toBe("nosniff");
  expect(response.headers()["x-frame-options"]).toBe("DENY");
});

test("HSTS is not switched on by a client's own X-Forwarded-Proto (no proxy is trusted here)", async ({ request }) => {
  // behind a trusted proxy it is: reliability/abuse.reliability.test.ts
  for (const path of ["/", "/api/health"]) {
    const response = await request.get(path, { headers: { "x-forwarded-proto": "https" } });
    expect(response.headers()["strict-transport-security"], path).toBeUndefined();
  }
});
