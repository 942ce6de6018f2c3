// libphonenumber-js's "min" metadata: number lengths and prefixes per country, small enough for
// the ticket form's lazily loaded validation.
import { isValidPhoneNumber, parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/min";
import { COUNTRY_CODES } from "./country-codes.ts";

// E.164: a plus, a country code that does not start with 0, at most 15 digits in all.
const E164_PATTERN = /^\+[1-9]\d{6,14}$/;

/** An E.164 number that belongs to a real numbering plan (length and prefixes of its country). */
export function isDiallableE164(value: string): boolean {
  return E164_PATTERN.test(value) && isValidPhoneNumber(value);
}

/**
 * A number as people type it — with spaces, dashes, brackets, full-width digits from a Japanese
 * keyboard, or in the national format of `homeCountry` (090-1234-5678 in Japan) — as E.164, or the
 * input unchanged when it is not a valid number (the schema then says so).
 */
export function toE164(value: string, homeCountry: string | undefined): string {
  const region = homeCountry && isCountryCode(homeCountry) ? homeCountry : undefined;
  const parsed = parsePhoneNumberFromString(value, region);
  return parsed?.isValid() ? parsed.number : value.trim();
}

function isCountryCode(value: string): value is CountryCode {
  return (COUNTRY_CODES as readonly string[]).includes(value);
}
