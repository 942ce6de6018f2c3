import "server-only";
import fs from "node:fs";
import path from "node:path";
import { settings } from "@/lib/server/config/settings.ts";
import type { LanguageCode } from "@/lib/validation/ticket-choices.ts";

export type Messages = Record<string, Record<string, unknown>>;

const MESSAGES_DIR = path.join(/*turbopackIgnore: true*/ process.cwd(), "messages");
const cache = new Map<LanguageCode, Messages>();

/**
 * Each file messages/<lang>/<namespace>.json becomes one namespace, so every area of the app
 * keeps its own strings file.
 */
export function loadMessages(locale: LanguageCode): Messages {
  const cached = cache.get(locale);
  if (cached) return cached;
  const directory = path.join(MESSAGES_DIR, locale);
  const messages: Messages = {};
  for (const file of fs.readdirSync(directory).filter((name) => name.endsWith(".json")).sort()) {
    messages[path.basename(file, ".json")] = JSON.parse(fs.readFileSync(path.join(directory, file), "utf8"));
  }
  // Only `next dev` re-reads the files, so edited strings show without a restart; everywhere else
  // (production, tests, scripts) a lookup must not cost a directory read.
  if (settings().NODE_ENV !== "development") cache.set(locale, messages);
  return messages;
}

/** Looks up "namespace.key.sub" and fills {placeholders}; returns the key itself when missing. */
export function translate(locale: LanguageCode, key: string, params: Record<string, string | number> = {}): string {
  const found = key.split(".").reduce<unknown>(
    (node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined),
    loadMessages(locale),
  );
  if (typeof found !== "string") return key;
  return found.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}
