import { afterEach, describe, expect, it, vi } from "vitest";
import { createTranslator, type IntlError, type Messages as IntlMessages } from "use-intl/core";
import { LANGUAGES } from "@/lib/validation/ticket-choices.ts";
import { loadMessages, translator } from "./messages.ts";

/** Every message as [key, text]: the leaves of messages/<lang>/*.json. */
function leaves(node: unknown, prefix = ""): [string, string][] {
  if (typeof node === "string") return [[prefix, node]];
  return Object.entries(node as Record<string, unknown>).flatMap(([key, value]) => leaves(value, prefix ? `${prefix}.${key}` : key));
}

/**
 * A value of the right kind for each argument a message names: numbers where ICU counts or
 * formats, a date where it formats dates, otherwise text. Option bodies of a plural or select
 * may be taken for arguments too; an unused value is harmless.
 */
function plausibleValues(text: string): Record<string, string | number | Date> {
  const values: Record<string, string | number | Date> = {};
  for (const [, name, type] of text.matchAll(/\{\s*(\w+)\s*(?:,\s*(\w+))?/g)) {
    if (type === "plural" || type === "selectordinal" || type === "number") values[name!] = 3;
    else if (type === "date" || type === "time") values[name!] = new Date("2026-11-20T09:00:00Z");
    else values[name!] = type === "select" ? "other" : `«${name}»`;
  }
  return values;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("messages", () => {
  it("has the same keys in Japanese and English", () => {
    const keys = (locale: (typeof LANGUAGES)[number]) => leaves(loadMessages(locale)).map(([key]) => key).sort();
    expect(keys("ja")).toEqual(keys("en"));
  });

  it.each(LANGUAGES)("renders every %s message with its arguments as valid ICU", (locale) => {
    const errors: string[] = [];
    const t = createTranslator<IntlMessages>({
      locale,
      messages: loadMessages(locale),
      timeZone: "Asia/Tokyo",
      onError: (error: IntlError) => errors.push(error.message),
    });
    const messages = leaves(loadMessages(locale));
    expect(messages.length).toBeGreaterThan(300);
    for (const [key, text] of messages) {
      const values = plausibleValues(text);
      const rendered = t(key, values);
      expect(rendered, key).not.toBe(key);
      // An argument left unreplaced, or a brace quoted by a stray apostrophe, shows as a brace.
      expect(rendered, `${key}: ${rendered}`).not.toMatch(/[{}]/);
      if (!/,\s*(?:plural|selectordinal|select)\b/.test(text)) {
        for (const [, name] of text.matchAll(/\{(\w+)\}/g)) expect(rendered, key).toContain(`«${name}»`);
      }
    }
    expect(errors).toEqual([]);
  });
});

describe("the server's translator", () => {
  it("translates with placeholders", () => {
    expect(translator("en")("errors.ALREADY_CLAIMED", { actor: "Ben" })).toBe("Ben already owns this ticket.");
    expect(translator("ja")("validation.email_invalid")).toContain("メールアドレス");
  });

  it("renders ICU plurals as the browser does", () => {
    const t = translator("en");
    expect(t("queue.live.appeared", { count: 1 })).toBe("1 ticket appeared in this view.");
    expect(t("queue.live.appeared", { count: 3 })).toBe("3 tickets appeared in this view.");
    expect(t("queue.bulk.done", { changed: 1, unchanged: 2 })).toBe("1 ticket changed, 2 already so.");
    expect(translator("ja")("queue.live.appeared", { count: 3 })).toBe("この一覧に 3 件のチケットが追加されました。");
  });

  it("answers a missing key with the key itself and logs it", () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(translator("en")("no.such.key")).toBe("no.such.key");
    expect(logged).toHaveBeenCalledWith(expect.stringContaining("no.such.key"));
  });
});
