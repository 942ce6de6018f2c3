import { expect, test } from "@playwright/test";

test.describe("home page", () => {
  test.describe("for a Japanese browser", () => {
    test.use({ locale: "ja-JP" });

    test("renders in Japanese and switches to English", async ({ page }) => {
      await page.goto("/");
      await expect(page.locator("html")).toHaveAttribute("lang", "ja");
      await expect(page).toHaveTitle(/サポート$/);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("アカウントに入れませんか？");
      await expect(page.getByRole("note")).toContainText("パスワード");

      await page.getByRole("button", { name: "表示言語をEnglishに切り替える" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Can't get into your account?");
      await expect(page.locator("html")).toHaveAttribute("lang", "en");

      // the choice sticks across navigation
      await page.goto("/");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Can't get into your account?");
    });
  });

  test.describe("for an English browser", () => {
    test.use({ locale: "en-US" });

    test("renders in English and switches to Japanese", async ({ page }) => {
      await page.goto("/");
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
      await expect(page).toHaveTitle(/Support$/);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Can't get into your account?");
      await expect(page.getByRole("note")).toContainText("never ask for your password");

      await page.getByRole("button", { name: "Switch language to 日本語" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("アカウントに入れませんか？");
    });
  });

  test("shows the configured brand, not a third-party one", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("link", { name: /Example Exchange/ })).toBeVisible();
  });
});

test("health check answers 200 with the database up", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok" });
});

test.describe("an unknown address", () => {
  test.use({ locale: "ja-JP" });

  test("answers 404 with a page in the visitor's language", async ({ page }) => {
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("ページが見つかりません");
    await page.getByRole("link", { name: "トップページへ戻る" }).click();
    await expect(page).toHaveURL("/");
  });
});
