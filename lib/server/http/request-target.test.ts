import { describe, expect, it } from "vitest";
import { hasDecodablePath } from "./request-target.ts";

describe("request target", () => {
  it("tells a path that does not percent-decode (found by the reliability suite: Next.js answered 500)", () => {
    expect(hasDecodablePath("/status/abc?q=%E0")).toBe(true);
    expect(hasDecodablePath("/status/%E3%81%82")).toBe(true);
    expect(hasDecodablePath("/status/%E0%A4%A")).toBe(false);
    expect(hasDecodablePath("/api/attachments/%")).toBe(false);
  });
});
