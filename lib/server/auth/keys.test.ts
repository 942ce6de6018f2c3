import { describe, expect, it } from "vitest";
import { keyedHash, keyedTag, seal, unseal } from "./keys.ts";
import { hashRecoveryCode, newRecoveryCodes, normalizeRecoveryCode } from "./recovery-codes.ts";
import { matchingTotpStep, newTotpSecret, totpUri } from "./totp.ts";
import { Secret, TOTP } from "otpauth";

const SECRET = "unit-test-application-secret";

describe("derived keys", () => {
  it("seal and unseal with the same secret and purpose only, and detect tampering", () => {
    const sealed = seal("totp-secret", "JBSWY3DPEHPK3PXP", SECRET);
    expect(sealed).not.toContain("JBSWY3DPEHPK3PXP");
    expect(unseal("totp-secret", sealed, SECRET)).toBe("JBSWY3DPEHPK3PXP");
    expect(unseal("totp-secret", sealed, "another secret")).toBeNull();
    expect(unseal("other-purpose", sealed, SECRET)).toBeNull();
    const [iv, tag, body] = sealed.split(".");
    expect(unseal("totp-secret", [iv, tag, `${body!.slice(0, -2)}AA`].join("."), SECRET)).toBeNull();
    expect(seal("totp-secret", "same", SECRET)).not.toBe(seal("totp-secret", "same", SECRET));
  });

  it("keep hashes and tags apart per purpose", () => {
    expect(keyedHash("a", "value", SECRET)).not.toBe(keyedHash("b", "value", SECRET));
    expect(keyedTag("password-reset", "id", SECRET)).toBe(keyedTag("password-reset", "id", SECRET));
    expect(keyedTag("password-reset", "id", SECRET)).not.toBe(keyedTag("password-reset", "id", "another secret"));
  });
});

describe("recovery codes", () => {
  it("are ten distinct codes of 10 characters without look-alikes, accepted in any spelling", () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/);
    expect(normalizeRecoveryCode(" ABCDE fghjk ")).toBe("abcdefghjk");
    expect(normalizeRecoveryCode("abcde-fghj")).toBeNull();
    expect(hashRecoveryCode("user-1", "abcdefghjk")).not.toBe(hashRecoveryCode("user-2", "abcdefghjk"));
  });
});

describe("TOTP", () => {
  it("accepts the code of this step and one either side, and names the step", () => {
    const secret = newTotpSecret();
    const now = new Date("2026-12-03T09:00:15Z");
    const step = Math.floor(now.getTime() / 30_000);
    const code = (offset: number) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: now.getTime() + offset * 30_000 });
    expect(matchingTotpStep(secret, code(0), now)).toBe(step);
    expect(matchingTotpStep(secret, code(-1), now)).toBe(step - 1);
    expect(matchingTotpStep(secret, code(1), now)).toBe(step + 1);
    expect(matchingTotpStep(secret, code(3), now)).toBeNull();
    expect(matchingTotpStep(secret, "12345", now)).toBeNull();
    expect(totpUri(secret, "aiko@example.com", "Example SupportGate")).toMatch(/^otpauth:\/\/totp\/Example%20SupportGate:aiko%40example\.com\?/);
  });
});
