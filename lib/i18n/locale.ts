import Negotiator from "negotiator";
import { LANGUAGES, type LanguageCode } from "@/lib/validation/ticket-choices.ts";

export const LOCALE_COOKIE = "NEXT_LOCALE";
export const DEFAULT_LOCALE: LanguageCode = "en";

export function isLanguage(value: unknown): value is LanguageCode {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * An explicit choice (cookie) wins; otherwise the browser's Accept-Language decides, so Japanese
 * browsers get Japanese and everyone else English.
 */
export function negotiateLocale(cookieValue: string | undefined, acceptLanguage: string | null): LanguageCode {
  if (isLanguage(cookieValue)) return cookieValue;
  const preferred = new Negotiator({ headers: { "accept-language": acceptLanguage ?? "" } }).language([...LANGUAGES]);
  return isLanguage(preferred) ? preferred : DEFAULT_LOCALE;
}

/** The language of an answer to `request`, read from the request itself (cookie, then Accept-Language). */
export function languageOfRequest(request: Request): LanguageCode {
  const cookie = (request.headers.get("cookie") ?? "")
    .split(";")
    .map((part) => part.trim().split("="))
    .find(([name]) => name === LOCALE_COOKIE)?.[1];
  return negotiateLocale(cookie, request.headers.get("accept-language"));
}
