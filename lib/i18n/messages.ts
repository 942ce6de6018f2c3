import "server-only";
import fs from "node:fs";
import path from "node:path";
import { createTranslator, type Messages as IntlMessages, type TranslationValues } from "use-intl/core";
import { settings } from "@/lib/server/config/settings.ts";
import type { LanguageCode } from "@/lib/validation/ticket-choices.ts";

export type Messages = Record<string, Record<string, unknown>>;

/** Keys are "namespace.key.sub", built at run time (error codes, reasons), so typed as strings. */
export type Translator = ((key: string, values?: TranslationValues) => string) & { has(key: string): boolean };

const MESSAGES_DIR = path.join(/*turbopackIgnore: true*/ process.cwd(), "messages");
const loaded = new Map<LanguageCode, { messages: Messages; translator: Translator }>();

/**
 * Each file messages/<lang>/<namespace>.json becomes one namespace, so every area of the app
 * keeps its own strings file. The translator is next-intl's, as in pages, so ICU plurals and
 * formats render on the server (route answers, action errors, emails) exactly as in the browser.
 */
function load(locale: LanguageCode) {
  const cached = loaded.get(locale);
  if (cached) return cached;
  const directory = path.join(MESSAGES_DIR, locale);
  const messages: Messages = {};
  for (const file of fs.readdirSync(directory).filter((name) => name.endsWith(".json")).sort()) {
    messages[path.basename(file, ".json")] = JSON.parse(fs.readFileSync(path.join(directory, file), "utf8"));
  }
  const translator: Translator = createTranslator<IntlMessages>({
    locale,
    messages,
    timeZone: settings().SUPPORT_TIME_ZONE,
    // A missing or broken message must not fail the answer it is part of: log it and show the key.
    onError: (error) => console.error(`[i18n] ${locale}: ${error.message}`),
    getMessageFallback: ({ namespace, key }) => (namespace ? `${namespace}.${key}` : key),
  });
  const entry = { messages, translator };
  // Only `next dev` re-reads the files, so edited strings show without a restart; everywhere else
  // (production, tests, scripts) a lookup must not cost a directory read.
  if (settings().NODE_ENV !== "development") loaded.set(locale, entry);
  return entry;
}

export function loadMessages(locale: LanguageCode): Messages {
  return load(locale).messages;
}

/** The server's `t`: "namespace.key.sub" with ICU arguments; a missing key is logged and returned as is. */
export function translator(locale: LanguageCode): Translator {
  return load(locale).translator;
}
