import { describe, expect, it } from "vitest";
import { intakePriority } from "./priority.ts";

describe("intake priority rules", () => {
  it("makes suspected unauthorized access URGENT", () => {
    expect(intakePriority({ category: "ACCOUNT", details: { problem: "CANNOT_LOGIN", suspectedUnauthorizedAccess: true } })).toBe("URGENT");
    expect(intakePriority({ category: "ACCOUNT", details: { problem: "UNAUTHORIZED_ACCESS", suspectedUnauthorizedAccess: false } })).toBe("URGENT");
  });

  it("makes a frozen account HIGH", () => {
    expect(intakePriority({ category: "ACCOUNT", details: { problem: "FROZEN", suspectedUnauthorizedAccess: false } })).toBe("HIGH");
  });

  it("makes a lost 2FA device with no backup key and no verified phone HIGH", () => {
    const lost = { problem: "LOST_DEVICE", hasBackupKey: false, phoneVerified: "NO", deviceChangedRecently: true } as const;
    expect(intakePriority({ category: "TWO_FA", details: lost })).toBe("HIGH");
    expect(intakePriority({ category: "TWO_FA", details: { ...lost, phoneVerified: "UNKNOWN" } })).toBe("HIGH");
    expect(intakePriority({ category: "TWO_FA", details: { ...lost, hasBackupKey: true } })).toBe("NORMAL");
    expect(intakePriority({ category: "TWO_FA", details: { ...lost, phoneVerified: "YES" } })).toBe("NORMAL");
    expect(intakePriority({ category: "TWO_FA", details: { ...lost, problem: "CODE_REJECTED" } })).toBe("NORMAL");
  });

  it("leaves everything else NORMAL", () => {
    expect(intakePriority({ category: "EMAIL", details: { mailType: "OTHER", checkedSpam: false } })).toBe("NORMAL");
    expect(intakePriority({ category: "SMS", details: { phoneNumber: "+819012345678", problem: "NO_SMS", currentCountry: "JP" } })).toBe("NORMAL");
    expect(intakePriority({ category: "ACCOUNT", details: { problem: "KYC", suspectedUnauthorizedAccess: false } })).toBe("NORMAL");
  });
});
