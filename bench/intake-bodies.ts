import type { TicketIntake } from "@/lib/validation/ticket.ts";

const DESCRIPTIONS = [
  "I never receive the verification email after signing up, I checked the spam folder twice.",
  "The 2FA code from my authenticator app is always rejected, even right after it refreshes.",
  "SMS codes do not arrive on my phone since I changed carriers last week.",
  "My account was frozen after I tried to withdraw; I did not get any explanation.",
  "認証メールが届きません。迷惑メールフォルダも確認しましたが見つかりません。",
  "二段階認証のコードが拒否されます。端末の時刻は自動設定になっています。",
];

/** The n-th valid intake body of a run: every category, both languages, a contact address of its own. */
export function intakeBody(run: string, n: number): TicketIntake {
  const common = {
    contactEmail: `bench-${run}-${n}@example.com`,
    language: n % 3 === 0 ? ("ja" as const) : ("en" as const),
    description: `${DESCRIPTIONS[n % DESCRIPTIONS.length]} (case ${n})`,
  };
  switch (n % 4) {
    case 0:
      return { ...common, category: "EMAIL", details: { mailType: "SIGNUP_VERIFICATION", checkedSpam: n % 2 === 0, mailProvider: "gmail" } };
    case 1:
      return {
        ...common,
        category: "TWO_FA",
        details: { problem: "LOST_DEVICE", hasBackupKey: n % 5 === 0, phoneVerified: "NO", deviceChangedRecently: true },
      };
    case 2:
      return {
        ...common,
        category: "SMS",
        details: { phoneNumber: `+8190${String(10_000_000 + (n % 89_999_999)).padStart(8, "0")}`, problem: "NO_SMS", currentCountry: "JP" },
      };
    default:
      return { ...common, category: "ACCOUNT", details: { problem: n % 7 === 0 ? "FROZEN" : "CANNOT_LOGIN", suspectedUnauthorizedAccess: n % 11 === 0 } };
  }
}

