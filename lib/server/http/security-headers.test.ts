import { describe, expect, it } from "vitest";
import { parseSettings } from "@/lib/server/config/settings.ts";
import { contentSecurityPolicy, strictTransportSecurity } from "./security-headers.ts";

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
