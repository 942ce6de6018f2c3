import "server-only";
import { domainToASCII } from "node:url";

// Providers known to ignore dots in the local part; googlemail.com is the same mail as gmail.com.
const DOT_BLIND_DOMAINS = new Map([
  ["gmail.com", "gmail.com"],
  ["googlemail.com", "gmail.com"],
]);

/**
 * The inbox an address delivers to, as far as can be told from outside: one key for every
 * spelling of it, so limits per address count them together. Case and width do not matter (NFKC,
 * lower case, IDN domains in ASCII); a "+tag" is dropped, as nearly every provider delivers
 * sub-addresses to the same inbox (where one does not, two mailboxes merely share a limit); Gmail
 * ignores dots and answers to googlemail.com too.
 */
export function mailboxKey(address: string): string {
  const normalized = address.normalize("NFKC").trim().toLowerCase();
  const at = normalized.lastIndexOf("@");
  if (at < 0) return normalized;
  const [untagged = ""] = normalized.slice(0, at).split("+");
  let local = untagged || normalized.slice(0, at);
  let domain = normalized.slice(at + 1);
  domain = domainToASCII(domain) || domain;
  const canonical = DOT_BLIND_DOMAINS.get(domain);
  if (canonical) {
    local = local.replaceAll(".", "");
    domain = canonical;
  }
  return `${local}@${domain}`;
}
