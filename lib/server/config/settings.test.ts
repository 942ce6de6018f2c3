import path from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidSettingsError, parseSettings } from "./settings.ts";

function refusal(environment: Record<string, string>): string {
  try {
    parseSettings(environment);
  } catch (error) {
    if (error instanceof InvalidSettingsError) return error.message;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(environment)}`);
}

describe("settings", () => {
  it("has the README's defaults when nothing is set", () => {
    expect(parseSettings({})).toMatchObject({
      PORT: 3000,
      DATABASE_URL: undefined,
      DATABASE_POOL_SIZE: 10,
      SUPPORTGATE_DATA_DIR: path.resolve("data"),
      SEED_DEMO_DATA: undefined,
      APP_BASE_URL: "http://localhost:3000",
      NEXTAUTH_URL: "http://localhost:3000",
      NEXTAUTH_SECRET: undefined,
      TRUSTED_PROXY_HOPS: 0,
      RATE_LIMIT_SCALE: 1,
      SUPPORT_BRAND_NAME: "Example Exchange",
      SUPPORT_TIME_ZONE: "Asia/Tokyo",
      UPLOAD_DIR: path.resolve("data", "uploads"),
      UPLOADTHING_TOKEN: undefined,
      UPLOAD_PENDING_MAX_AGE_MINUTES: 120,
      UPLOAD_SWEEP_INTERVAL_SECONDS: 300,
      SELF_HELP_ABANDON_AFTER_MINUTES: 1440,
      SMTP_URL: undefined,
      MAIL_FROM: { name: "Example Exchange Support", address: "support@localhost" },
      MAIL_POLL_INTERVAL_SECONDS: 5,
      MAIL_RETRY_BASE_SECONDS: 30,
      MAIL_RETRY_MAX_SECONDS: 3600,
      MAIL_MAX_ATTEMPTS: 20,
      MAIL_LEASE_SECONDS: 120,
    });
  });

  it("treats empty values as unset", () => {
    expect(parseSettings({ PORT: "", SMTP_URL: "", UPLOADTHING_TOKEN: "", SUPPORT_BRAND_NAME: "  " })).toMatchObject({
      PORT: 3000,
      SMTP_URL: undefined,
      UPLOADTHING_TOKEN: undefined,
      SUPPORT_BRAND_NAME: "Example Exchange",
    });
  });

  it("derives the public URL, next-auth's URL and the folders from each other", () => {
    expect(parseSettings({ PORT: "3100" }).APP_BASE_URL).toBe("http://localhost:3100");
    expect(parseSettings({ NEXTAUTH_URL: "https://help.example.com/" })).toMatchObject({
      APP_BASE_URL: "https://help.example.com",
      NEXTAUTH_URL: "https://help.example.com/",
    });
    expect(parseSettings({ APP_BASE_URL: "https://help.example.com/" }).NEXTAUTH_URL).toBe("https://help.example.com");
    expect(parseSettings({ SUPPORTGATE_DATA_DIR: "/srv/sg" })).toMatchObject({ SUPPORTGATE_DATA_DIR: "/srv/sg", UPLOAD_DIR: "/srv/sg/uploads" });
    expect(parseSettings({ UPLOAD_DIR: "/mnt/shared" }).UPLOAD_DIR).toBe("/mnt/shared");
    expect(parseSettings({ SEED_DEMO_DATA: "false", ADMIN_EMAIL: " Root@Example.com " })).toMatchObject({ SEED_DEMO_DATA: false, ADMIN_EMAIL: "root@example.com" });
  });

  it("reads the sender's name and address from MAIL_FROM", () => {
    expect(parseSettings({ MAIL_FROM: '"Sakura Support" <help@sakura.test>' }).MAIL_FROM).toEqual({ name: "Sakura Support", address: "help@sakura.test" });
    expect(parseSettings({ MAIL_FROM: "サクラ サポート <help@sakura.test>" }).MAIL_FROM).toEqual({ name: "サクラ サポート", address: "help@sakura.test" });
  });

  it("names a bare address, or no MAIL_FROM at all, after the brand", () => {
    expect(parseSettings({ MAIL_FROM: "help@sakura.test", SUPPORT_BRAND_NAME: "Sakura" }).MAIL_FROM).toEqual({ name: "Sakura Support", address: "help@sakura.test" });
    expect(parseSettings({ APP_BASE_URL: "https://help.sakura.test/" }).MAIL_FROM).toEqual({
      name: "Example Exchange Support",
      address: "support@help.sakura.test",
    });
  });

  it("refuses a MAIL_FROM that is not an address", () => {
    expect(() => parseSettings({ MAIL_FROM: "Sakura Support" })).toThrow(/MAIL_FROM/);
  });

  it("sends nothing without SMTP_URL", () => {
    expect(parseSettings({}).SMTP_URL).toBeUndefined();
    expect(parseSettings({ SMTP_URL: " smtp://mail:25 " }).SMTP_URL).toBe("smtp://mail:25");
    expect(parseSettings({ SMTP_URL: "smtps://user:pass@mail.example.com:465?tls.rejectUnauthorized=false" }).SMTP_URL).toMatch(/^smtps:/);
  });

  it("refuses bad values, naming the variable and what it expects", () => {
    expect(refusal({ PORT: "abc" })).toMatch(/PORT: expected a whole number from 1 to 65535/);
    expect(refusal({ PORT: "70000" })).toMatch(/PORT/);
    expect(refusal({ SMTP_URL: "nonsense" })).toMatch(/SMTP_URL: expected an smtp:\/\/ or smtps:\/\/ URL/);
    expect(refusal({ SMTP_URL: "http://mail.example.com" })).toMatch(/SMTP_URL/);
    expect(refusal({ SUPPORT_TIME_ZONE: "Mars/Olympus_Mons" })).toMatch(/SUPPORT_TIME_ZONE: expected an IANA time zone/);
    expect(refusal({ SUPPORT_TIME_ZONE: "+09:00" })).toMatch(/SUPPORT_TIME_ZONE/);
    expect(refusal({ DATABASE_URL: "mysql://db/app" })).toMatch(/DATABASE_URL: expected a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(refusal({ DATABASE_POOL_SIZE: "0" })).toMatch(/DATABASE_POOL_SIZE/);
    expect(refusal({ RATE_LIMIT_SCALE: "0" })).toMatch(/RATE_LIMIT_SCALE: expected a number above 0/);
    expect(refusal({ TRUSTED_PROXY_HOPS: "-1" })).toMatch(/TRUSTED_PROXY_HOPS/);
    expect(refusal({ SEED_DEMO_DATA: "yes" })).toMatch(/SEED_DEMO_DATA: expected true or false/);
    expect(refusal({ APP_BASE_URL: "support.example.com" })).toMatch(/APP_BASE_URL: expected an http:\/\/ or https:\/\/ URL/);
    expect(refusal({ ADMIN_EMAIL: "root" })).toMatch(/ADMIN_EMAIL/);
    expect(refusal({ ADMIN_PASSWORD: "short" })).toMatch(/ADMIN_PASSWORD: expected at least 12 characters/);
    expect(refusal({ UPLOADTHING_TOKEN: "not-a-token" })).toMatch(/UPLOADTHING_TOKEN/);
    expect(refusal({ UPLOAD_SWEEP_INTERVAL_SECONDS: "soon" })).toMatch(/UPLOAD_SWEEP_INTERVAL_SECONDS/);
    expect(refusal({ MAIL_MAX_ATTEMPTS: "2.5" })).toMatch(/MAIL_MAX_ATTEMPTS/);
    expect(refusal({ UPLOAD_DIR: "public/uploads" })).toMatch(/UPLOAD_DIR: must not be inside/);
  });

  it("reports every bad variable at once and never echoes a value", () => {
    const message = refusal({ PORT: "abc", SMTP_URL: "smtp-password-123", ADMIN_PASSWORD: "secret-pw" });
    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/SMTP_URL/);
    expect(message).toMatch(/ADMIN_PASSWORD/);
    expect(message).not.toContain("smtp-password-123");
    expect(message).not.toContain("secret-pw");
  });

  it("accepts UploadThing's token", () => {
    const token = Buffer.from(JSON.stringify({ apiKey: "sk_live_x", appId: "app", regions: ["sea1"] })).toString("base64");
    expect(parseSettings({ UPLOADTHING_TOKEN: token }).UPLOADTHING_TOKEN).toBe(token);
  });
});
