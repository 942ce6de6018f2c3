import { describe, expect, it } from "vitest";
import { MAX_ATTACHMENT_BYTES, newUploadToken, precheckFile } from "./attachment.ts";
import { uploadTokenSchema } from "./upload-token.ts";

describe("precheckFile (the browser's first look)", () => {
  it("accepts PNG, JPEG and WebP up to 10 MB and names why anything else is refused", () => {
    expect(precheckFile({ type: "image/png", size: 1 })).toBeNull();
    expect(precheckFile({ type: "image/jpeg", size: MAX_ATTACHMENT_BYTES })).toBeNull();
    expect(precheckFile({ type: "image/webp", size: 2048 })).toBeNull();
    expect(precheckFile({ type: "image/svg+xml", size: 100 })).toBe("unsupported_type");
    expect(precheckFile({ type: "image/gif", size: 100 })).toBe("unsupported_type");
    expect(precheckFile({ type: "", size: 100 })).toBe("unsupported_type");
    expect(precheckFile({ type: "image/png", size: MAX_ATTACHMENT_BYTES + 1 })).toBe("too_large");
    expect(precheckFile({ type: "image/png", size: 0 })).toBe("damaged");
  });
});

describe("newUploadToken", () => {
  it("makes distinct 256-bit base64url capabilities that the server's schema accepts", () => {
    const tokens = new Set(Array.from({ length: 50 }, () => newUploadToken()));
    expect(tokens.size).toBe(50);
    for (const token of tokens) expect(uploadTokenSchema.safeParse(token).success).toBe(true);
    expect(uploadTokenSchema.safeParse("too-short").success).toBe(false);
  });
});
