import { distance } from "fastest-levenshtein";

/**
 * Spots the usual reasons a typed email address is not the one the user meant: full-width
 * characters from a Japanese keyboard, stray spaces and dots, a missing or doubled @, and typos
 * in well-known mail domains. Pure and small, so the self-help page runs it in the browser.
 * The part before the @ cannot be corrected (only its owner knows it); look-alike characters
 * there are pointed out instead.
 */

/** What can look wrong, in reporting order; each is explained in messages/<lang>/selfHelp.json. */
export const EMAIL_TYPO_REASONS = [
  "FULL_WIDTH",
  "SPACES",
  "DOTS",
  "AT_SIGN",
  "MISSING_TLD",
  "LOOK_ALIKE_DOMAIN",
  "DOMAIN_TYPO",
  "LOOK_ALIKE_CHARACTERS",
] as const;
export type EmailTypoReason = (typeof EMAIL_TYPO_REASONS)[number];

export type EmailTypoCheck = {
  /** The corrected address, or null when there is nothing to correct. */
  suggestion: string | null;
  /** What looks wrong, in a fixed order. LOOK_ALIKE_CHARACTERS is a caution, never corrected. */
  reasons: EmailTypoReason[];
};

/** Domains a near miss is corrected to, most likely first (ties go to the earlier one). */
const COMMON_DOMAINS = [
  "gmail.com",
  "yahoo.co.jp",
  "icloud.com",
  "docomo.ne.jp",
  "ezweb.ne.jp",
  "au.com",
  "softbank.ne.jp",
  "i.softbank.jp",
  "outlook.jp",
  "outlook.com",
  "hotmail.co.jp",
  "hotmail.com",
  "yahoo.com",
];

/** Real domains that sit close to a common one and must never be "corrected". */
const OTHER_REAL_DOMAINS = new Set([
  "googlemail.com", "ymail.com", "mail.com", "email.com", "gmx.com", "gmx.net", "live.com", "live.jp", "msn.com",
  "aol.com", "me.com", "mac.com", "nifty.com", "biglobe.ne.jp", "ocn.ne.jp", "so-net.ne.jp", "yahoo.ne.jp",
]);

/** Providers with a domain per country: "hotmail.fr" is real, not a typo of "hotmail.com". */
const PER_COUNTRY_PROVIDERS = new Set(["yahoo", "hotmail", "outlook", "live"]);

/** Wrong endings that edit distance alone would miss or send to the wrong place. */
const KNOWN_MISTAKES = new Map([
  ["gmail.co.jp", "gmail.com"],
  ["gmail.jp", "gmail.com"],
  ["gmail.ne.jp", "gmail.com"],
  ["yahoo.jp", "yahoo.co.jp"],
  ["docomo.co.jp", "docomo.ne.jp"],
  ["docomo.jp", "docomo.ne.jp"],
  ["ezweb.co.jp", "ezweb.ne.jp"],
  ["ezweb.jp", "ezweb.ne.jp"],
  ["softbank.jp", "softbank.ne.jp"],
  ["i.softbank.ne.jp", "i.softbank.jp"],
  ["icloud.co.jp", "icloud.com"],
  ["icloud.jp", "icloud.com"],
  ["hotmail.jp", "hotmail.co.jp"],
  ["outlook.co.jp", "outlook.jp"],
]);

/** Endings under which the per-country providers really exist (yahoo.fr, hotmail.co.uk …). */
const REAL_PROVIDER_ENDINGS = new Set([
  "com", "net", "jp", "co.jp", "co.uk", "fr", "de", "it", "es", "ca", "com.au", "com.br", "co.kr", "com.tw", "com.hk",
  "com.sg", "co.in", "in", "nl", "se", "be", "ch", "at", "ie", "co.nz", "com.mx", "com.ar", "pl", "dk", "fi", "no",
  "pt", "co.th", "com.vn", "com.ph", "co.id", "com.my",
]);
const PLAUSIBLE_ADDRESS = /^[^\s@]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/;
const CONFUSABLE_NEXT_TO_OTHER_KIND = /[01][a-z]|[a-z][01]|[lio]\d|\d[lio]/i;

function isKnown(domain: string): boolean {
  return COMMON_DOMAINS.includes(domain) || OTHER_REAL_DOMAINS.has(domain);
}

function providerName(domain: string): string {
  return domain.split(".")[0] ?? "";
}

/**
 * The closest candidate within a small edit distance: one edit, or two (a swapped pair, say) when
 * both strings are at least `twoEditsFrom` long. Ties go to the earlier candidate.
 */
function nearest(
  candidates: readonly string[],
  typed: string,
  { compare = (candidate: string) => candidate, twoEditsFrom = 9 } = {},
): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const target = compare(candidate);
    const allowed = Math.min(typed.length, target.length) >= twoEditsFrom ? 2 : 1;
    const apart = distance(typed, target);
    if (apart <= allowed && (!best || apart < best.distance)) best = { candidate, distance: apart };
  }
  return best?.candidate;
}

function correctDomain(domain: string, reasons: Set<EmailTypoReason>): string {
  if (isKnown(domain)) return domain;
  const knownMistake = KNOWN_MISTAKES.get(domain);
  if (knownMistake) {
    reasons.add("DOMAIN_TYPO");
    return knownMistake;
  }
  const letters = domain.replace(/1/g, "l").replace(/0/g, "o");
  if (letters !== domain && isKnown(letters)) {
    reasons.add("LOOK_ALIKE_DOMAIN");
    return letters;
  }
  if (!domain.includes(".")) {
    reasons.add("MISSING_TLD");
    const byName = [...COMMON_DOMAINS, ...OTHER_REAL_DOMAINS].find((candidate) => providerName(candidate) === domain);
    if (byName) return byName;
    const nearName = nearest(COMMON_DOMAINS, domain, { compare: providerName, twoEditsFrom: 5 });
    if (nearName) reasons.add("DOMAIN_TYPO");
    return nearName ?? domain;
  }
  const [name = "", ...ending] = domain.split(".");
  if (PER_COUNTRY_PROVIDERS.has(name) && REAL_PROVIDER_ENDINGS.has(ending.join("."))) return domain;
  const closest = nearest(COMMON_DOMAINS, domain);
  if (closest) reasons.add("DOMAIN_TYPO");
  return closest ?? domain;
}

function splitAtSign(address: string, reasons: Set<EmailTypoReason>): { local: string; domain: string } | undefined {
  let text = address;
  if (/@{2,}/.test(text)) {
    reasons.add("AT_SIGN");
    text = text.replace(/@{2,}/g, "@");
  }
  const at = text.split("@");
  if (at.length === 2) return { local: at[0] ?? "", domain: at[1] ?? "" };
  if (at.length > 2) {
    reasons.add("AT_SIGN");
    return undefined;
  }
  // No @ at all: if it ends in a well-known domain, the @ belongs right before it.
  const domain = [...COMMON_DOMAINS].sort((a, b) => b.length - a.length).find((candidate) => text.toLowerCase().endsWith(candidate));
  if (!domain || text.length === domain.length) return undefined;
  reasons.add("AT_SIGN");
  return { local: text.slice(0, -domain.length).replace(/\.$/, ""), domain };
}

function tidyDots(part: string): string {
  return part.replace(/\.{2,}/g, ".").replace(/^\.+|\.+$/g, "");
}

export function suggestEmailCorrection(address: string): EmailTypoCheck {
  const reasons = new Set<EmailTypoReason>();
  const typed = address.trim();
  if (!typed) return { suggestion: null, reasons: [] };

  // NFKC turns full-width letters, digits, ＠ and ． into their ASCII forms; the ideographic
  // full stops are not covered by it.
  let text = typed.normalize("NFKC").replace(/[。｡]/g, ".");
  if (text !== typed) reasons.add("FULL_WIDTH");
  if (/\s/.test(text.trim())) reasons.add("SPACES");
  text = text.replace(/\s+/g, "");

  const parts = splitAtSign(text, reasons);
  if (!parts) return { suggestion: null, reasons: ordered(reasons) };

  let domain = parts.domain.toLowerCase();
  if (domain.includes(",")) domain = domain.replace(/,/g, ".");
  const local = tidyDots(parts.local);
  const tidiedDomain = tidyDots(domain);
  if (local !== parts.local || tidiedDomain !== parts.domain.toLowerCase()) reasons.add("DOTS");
  domain = correctDomain(tidiedDomain, reasons);

  if (CONFUSABLE_NEXT_TO_OTHER_KIND.test(local)) reasons.add("LOOK_ALIKE_CHARACTERS");

  const suggestion = `${local}@${domain}`;
  const corrected = [...reasons].some((reason) => reason !== "LOOK_ALIKE_CHARACTERS");
  const useful = corrected && PLAUSIBLE_ADDRESS.test(suggestion) && suggestion !== typed;
  return { suggestion: useful ? suggestion : null, reasons: ordered(reasons) };
}

function ordered(reasons: Set<EmailTypoReason>): EmailTypoReason[] {
  return EMAIL_TYPO_REASONS.filter((reason) => reasons.has(reason));
}
