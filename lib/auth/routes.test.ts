import { describe, expect, it } from "vitest";
import { isSignInFlowPath, safeCallbackPath, secondFactorPathFor, signInPathFor } from "./routes.ts";

describe("safeCallbackPath", () => {
  it("keeps dashboard paths with their query", () => {
    expect(safeCallbackPath("/agent/metrics?category=SMS#top")).toBe("/agent/metrics?category=SMS#top");
    expect(safeCallbackPath("/agent")).toBe("/agent");
  });

  it("falls back to the queue for anything off-site, outside the dashboard or the sign-in page itself", () => {
    for (const value of [
      undefined, "", "https://evil.example/agent", "//evil.example/agent", "/\\evil.example/agent", "/status/abc",
      "/agentx", "/agent/sign-in?callbackUrl=/agent", "javascript:alert(1)",
      // nor back into a step of signing in
      "/agent/verify", "/agent/enrol?callbackUrl=/agent", "/agent/reset-password/abc",
    ]) {
      expect(safeCallbackPath(value)).toBe("/agent");
    }
  });

  it("builds the sign-in path that returns to a page", () => {
    expect(signInPathFor("/agent/metrics?x=1")).toBe("/agent/sign-in?callbackUrl=%2Fagent%2Fmetrics%3Fx%3D1");
  });

  it("sends a session that owes its second factor to the step that takes it, keeping where it was going", () => {
    expect(secondFactorPathFor(false, "/agent/metrics")).toBe("/agent/verify?callbackUrl=%2Fagent%2Fmetrics");
    expect(secondFactorPathFor(true, "/agent")).toBe("/agent/enrol?callbackUrl=%2Fagent");
    expect(["/agent/sign-in", "/agent/verify", "/agent/enrol", "/agent/reset-password/x"].every(isSignInFlowPath)).toBe(true);
    expect(["/agent", "/agent/account", "/agent/verifyx"].some(isSignInFlowPath)).toBe(false);
  });
});
