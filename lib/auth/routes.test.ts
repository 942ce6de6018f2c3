import { describe, expect, it } from "vitest";
import { safeCallbackPath, signInPathFor } from "./routes.ts";

describe("safeCallbackPath", () => {
  it("keeps dashboard paths with their query", () => {
    expect(safeCallbackPath("/agent/metrics?category=SMS#top")).toBe("/agent/metrics?category=SMS#top");
    expect(safeCallbackPath("/agent")).toBe("/agent");
  });

  it("falls back to the queue for anything off-site, outside the dashboard or the sign-in page itself", () => {
    for (const value of [
      undefined, "", "https://evil.example/agent", "//evil.example/agent", "/\\evil.example/agent", "/status/abc",
      "/agentx", "/agent/sign-in?callbackUrl=/agent", "javascript:alert(1)",
    ]) {
      expect(safeCallbackPath(value)).toBe("/agent");
    }
  });

  it("builds the sign-in path that returns to a page", () => {
    expect(signInPathFor("/agent/metrics?x=1")).toBe("/agent/sign-in?callbackUrl=%2Fagent%2Fmetrics%3Fx%3D1");
  });
});
