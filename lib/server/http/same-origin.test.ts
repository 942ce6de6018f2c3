import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors.ts";
import { parseSettings } from "@/lib/server/config/settings.ts";
import { assertSameOrigin } from "./same-origin.ts";

function refusal(headers: Record<string, string>, config = parseSettings({ APP_BASE_URL: "https://support.example.com" })): string | null {
  try {
    assertSameOrigin(new Request("http://127.0.0.1:3000/api/agent/presence", { method: "POST", headers }), config);
    return null;
  } catch (error) {
    return isAppError(error) ? error.code : String(error);
  }
}

describe("assertSameOrigin", () => {
  it("lets the app's own pages through", () => {
    expect(refusal({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin" })).toBeNull();
    expect(refusal({ host: "10.0.0.5:3000", origin: "https://support.example.com" })).toBeNull();
    // not a browser page: nothing to forge
    expect(refusal({ host: "127.0.0.1:3000" })).toBeNull();
  });

  it("refuses other sites", () => {
    expect(refusal({ host: "127.0.0.1:3000", origin: "https://evil.example" })).toBe("FORBIDDEN");
    expect(refusal({ host: "127.0.0.1:3000", origin: "null" })).toBe("FORBIDDEN");
    expect(refusal({ host: "127.0.0.1:3000", "sec-fetch-site": "cross-site" })).toBe("FORBIDDEN");
  });
});
