import { describe, expect, it } from "vitest";
import { mailSettings, outboxWorkerSettings } from "./settings.ts";

describe("mail settings", () => {
  it("reads the sender's name and address from MAIL_FROM", () => {
    expect(mailSettings({ MAIL_FROM: '"Sakura Support" <help@sakura.test>' }).from).toEqual({ name: "Sakura Support", address: "help@sakura.test" });
    expect(mailSettings({ MAIL_FROM: "サクラ サポート <help@sakura.test>" }).from).toEqual({ name: "サクラ サポート", address: "help@sakura.test" });
  });

  it("names a bare address, or no MAIL_FROM at all, after the brand", () => {
    expect(mailSettings({ MAIL_FROM: "help@sakura.test", SUPPORT_BRAND_NAME: "Sakura" }).from).toEqual({ name: "Sakura Support", address: "help@sakura.test" });
    expect(mailSettings({ APP_BASE_URL: "https://help.sakura.test/" }).from).toEqual({
      name: "Example Exchange Support",
      address: "support@help.sakura.test",
    });
  });

  it("refuses a MAIL_FROM that is not an address", () => {
    expect(() => mailSettings({ MAIL_FROM: "Sakura Support" })).toThrow(/MAIL_FROM/);
  });

  it("sends nothing without SMTP_URL", () => {
    expect(mailSettings({}).smtpUrl).toBeNull();
    expect(mailSettings({ SMTP_URL: " smtp://mail:25 " }).smtpUrl).toBe("smtp://mail:25");
  });

  it("reads worker settings in seconds with defaults", () => {
    expect(outboxWorkerSettings({})).toEqual({ pollIntervalMs: 5_000, leaseMs: 120_000, retryBaseDelayMs: 30_000, maxRetryDelayMs: 3_600_000, maxAttempts: 20 });
    expect(outboxWorkerSettings({ MAIL_POLL_INTERVAL_SECONDS: "1", MAIL_MAX_ATTEMPTS: "3" })).toMatchObject({ pollIntervalMs: 1_000, maxAttempts: 3 });
  });
});
