import { describe, expect, it } from "vitest";
import { renderEmail } from "./templates.ts";

const received = (language: "ja" | "en", maskedKinds: ("PASSWORD" | "SEED_PHRASE" | "BACKUP_KEY" | "ONE_TIME_CODE")[]) =>
  renderEmail({ kind: "TICKET_RECEIVED", ticket: { reference: "SG-7KQ4-92XD", language, category: "ACCOUNT", maskedKinds } }).text;

describe("the received mail's advice on masked secrets", () => {
  it("tells whoever exposed a seed phrase to move the funds to a new wallet, not to change it", () => {
    const english = received("en", ["SEED_PHRASE"]);
    expect(english).toContain("a seed phrase cannot be changed");
    expect(english).toContain("move all your funds to it");
    expect(english).not.toMatch(/change it/i);
    const japanese = received("ja", ["SEED_PHRASE"]);
    expect(japanese).toContain("シードフレーズは変更できません");
    expect(japanese).toContain("新しいウォレット");
    expect(japanese).not.toContain("変更してください");
  });

  it("asks for a new password or key only when one was masked, and gives both pieces of advice when both were", () => {
    expect(received("en", ["PASSWORD"])).toContain("change it as soon as you can");
    expect(received("en", ["PASSWORD"])).not.toContain("wallet");
    expect(received("ja", ["BACKUP_KEY"])).toContain("変更してください");
    const both = received("en", ["PASSWORD", "SEED_PHRASE"]);
    expect(both).toContain("change it as soon as you can");
    expect(both).toContain("move all your funds to it");
  });

  it("has no advice for a one-time code, which expires by itself, and no notice when nothing was masked", () => {
    const code = received("en", ["ONE_TIME_CODE"]);
    expect(code).toContain("so we removed it before saving");
    expect(code).not.toMatch(/change it|wallet/);
    expect(received("en", [])).not.toContain("removed it before saving");
  });
});
