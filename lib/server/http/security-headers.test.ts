import { describe, expect, it } from "vitest";
import { parseSettings } from "@/lib/server/config/settings.ts";
import { contentSecurityPolicy, isFramedPreviewPath, strictTransportSecurity } from "./security-headers.ts";

const uploadThingToken = Buffer.from(JSON.stringify({ apiKey: "sk_test_x", appId: "app", regions: ["sea1"] })).toString("base64");

describe("contentSecurityPolicy", () => {
  it("allows scripts only with the nonce, forbids framing and eval in production", () => {
    const policy = contentSecurityPolicy("abc123", parseSettings({ NODE_ENV: "production", APP_BASE_URL: "http://localhost:3000" }));
    expect(policy).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic';");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toContain("unsafe-eval");
    expect(policy).not.toContain("upgrade-insecure-requests");
    expect(policy).toContain("connect-src 'self';");
  });

  it("adds eval for development only, TLS upgrades behind https and UploadThing hosts when configured", () => {
    expect(contentSecurityPolicy("n", parseSettings({ NODE_ENV: "development" }))).toContain("'unsafe-eval'");
    const policy = contentSecurityPolicy("n", parseSettings({ APP_BASE_URL: "https://support.example.com", UPLOADTHING_TOKEN: uploadThingToken, UPLOADTHING_INGEST_URL: "http://127.0.0.1:3999/ingest" }));
    expect(policy).toContain("upgrade-insecure-requests");
    expect(policy).toMatch(/connect-src 'self' https:\/\/\*\.uploadthing\.com .* http:\/\/127\.0\.0\.1:3999;/);
  });
});

describe("the content editor's preview", () => {
  it("alone may be framed, and only by our own pages", () => {
    const config = parseSettings({ NODE_ENV: "production" });
    expect(contentSecurityPolicy("n", config, { framedBySelf: true })).toContain("frame-ancestors 'self'");
    expect(isFramedPreviewPath("/agent/content/email/preview/spam-folder")).toBe(true);
    expect(isFramedPreviewPath("/agent/content/email")).toBe(false);
    expect(isFramedPreviewPath("/help/email/preview/x")).toBe(false);
  });
});

describe("strictTransportSecurity", () => {
  it("is sent only when the app is served over https", () => {
    expect(strictTransportSecurity(parseSettings({ APP_BASE_URL: "https://support.example.com" }))).toBe("max-age=31536000; includeSubDomains");
    expect(strictTransportSecurity(parseSettings({ APP_BASE_URL: "http://localhost:3000" }))).toBeNull();
    expect(strictTransportSecurity(parseSettings({}))).toBeNull();
    // behind a TLS-terminating proxy the app trusts
    expect(strictTransportSecurity(parseSettings({ APP_BASE_URL: "http://localhost:3000" }), "https")).toBe("max-age=31536000; includeSubDomains");
    expect(strictTransportSecurity(parseSettings({ APP_BASE_URL: "http://localhost:3000" }), "http")).toBeNull();
  });
});
