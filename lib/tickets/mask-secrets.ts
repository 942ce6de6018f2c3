import { wordlist as CZECH } from "@scure/bip39/wordlists/czech.js";
import { wordlist as ENGLISH } from "@scure/bip39/wordlists/english.js";
import { wordlist as FRENCH } from "@scure/bip39/wordlists/french.js";
import { wordlist as ITALIAN } from "@scure/bip39/wordlists/italian.js";
import { wordlist as JAPANESE } from "@scure/bip39/wordlists/japanese.js";
import { wordlist as KOREAN } from "@scure/bip39/wordlists/korean.js";
import { wordlist as PORTUGUESE } from "@scure/bip39/wordlists/portuguese.js";
import { wordlist as SIMPLIFIED_CHINESE } from "@scure/bip39/wordlists/simplified-chinese.js";
import { wordlist as SPANISH } from "@scure/bip39/wordlists/spanish.js";
import { wordlist as TRADITIONAL_CHINESE } from "@scure/bip39/wordlists/traditional-chinese.js";

/**
 * Masks what looks like a secret before a ticket is stored: one-time codes (6–8 digits next to
 * words such as "2FA", "code", "認証コード"), authenticator backup/setup keys (base32, 16+
 * characters, optionally in groups), seed phrases (12 or more words in a row of one BIP-39 word
 * list, in any of its languages) and passwords written as "password: …", "pw=…" or "パスワードは…です".
 *
 * Matching runs on the NFKC form of the text, so what a Japanese IME produces (full-width digits
 * and letters, mixed widths, full-width spaces and punctuation) is found like its ASCII twin; the
 * stored text is the customer's own, unchanged except where a secret was replaced.
 *
 * Each secret is replaced by a marker naming its kind, the same in every language so agents of
 * either language read it and the UI may translate it: see SECRET_MARKERS. Markers never match
 * again, so masking twice changes nothing. Phone numbers, dates, times, amounts, ticket
 * references, order ids with letters and email addresses are left alone.
 */

export const SECRET_KINDS = ["PASSWORD", "SEED_PHRASE", "BACKUP_KEY", "ONE_TIME_CODE"] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

export const SECRET_MARKERS: Record<SecretKind, string> = {
  PASSWORD: "[REDACTED:PASSWORD]",
  SEED_PHRASE: "[REDACTED:SEED_PHRASE]",
  BACKUP_KEY: "[REDACTED:BACKUP_KEY]",
  ONE_TIME_CODE: "[REDACTED:CODE]",
};

export type MaskResult = { text: string; masked: boolean; kinds: SecretKind[] };

type Span = { start: number; end: number };

/**
 * Accents and voicing marks dropped, lower case: the lists are NFKD (so are Japanese and Korean
 * words), people type composed characters, and Spanish or French words often without accents.
 */
function seedWordKey(word: string): string {
  return word.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

// A real phrase comes from one list; every list is checked, as a wallet may be set to any language.
const SEED_WORDLISTS: ReadonlySet<string>[] = [
  ENGLISH, JAPANESE, KOREAN, SPANISH, SIMPLIFIED_CHINESE, TRADITIONAL_CHINESE, FRENCH, ITALIAN, CZECH, PORTUGUESE,
].map((list) => new Set(list.map(seedWordKey)));
const SEED_PHRASE_MIN_WORDS = 12;
/** What may stand between two words of a seed phrase: spaces, commas, list numbers ("2." "3)"). */
const SEED_GAP = /^(?:[\s,、・;"'-]|\d{1,2}[.):])+$/;

const NOT_A_PASSWORD = new Set([
  "wrong", "incorrect", "invalid", "not", "no", "none", "nothing", "correct", "right", "ok", "okay", "fine", "same",
  "different", "changed", "reset", "expired", "forgotten", "lost", "rejected", "required", "too", "the", "a", "an",
  "my", "still", "being", "also", "definitely", "probably", "unknown", "empty", "blank", "locked",
]);
const PASSWORD_EN =
  /\b(?:password|passwd|pwd|pw|pass)\b(\s*(?:[:=]|\b(?:is|was)\b)\s*)(?!\[REDACTED)("[^"\n]+"|'[^'\n]+'|「[^」\n]+」|\S+)/gi;
const PASSWORD_JA =
  /(?:パスワード|暗証番号)(\s*(?:は|:|=)\s*)(?!\[REDACTED)(「[^」\n]+」|"[^"\n]+"|[!-~]{4,}(?![!-~]|[文字桁回年月日時分秒個件円]))/g;

const BACKUP_KEY =
  /(?<![A-Za-z0-9@./_\\-])([A-Z2-7]{16,}={0,6}|[a-z2-7]{16,}={0,6}|[A-Z2-7]{4}(?:[ -][A-Z2-7]{4}){3,}|[a-z2-7]{4}(?:[ -][a-z2-7]{4}){3,})(?![A-Za-z0-9@_/\\-]|\.[A-Za-z0-9])/g;
const KEY_WORDS = /(?:backup|setup|secret|recovery|2fa|authenticator)[\s-]*key|key\b|バックアップ|セットアップ|復元|シークレット|キー|秘密鍵|鍵/i;

const CODE_CANDIDATE =
  /(?<![\w@#¥$+\-/.,])(?<!\d[ -])(\d{6,8}|\d{3}[ -]\d{3})(?![\w@%¥$]|[.,]\d|[ -]?\d|\s?(?:円|yen\b|jpy\b|usd|btc\b|eth\b|ドル))/gi;
const CODE_WORDS =
  /2fa|two[- ]?factor|2[- ]?step|otp|one[- ]?time|passcode|\bcodes?\b|\bpin\b|token|authenticator|verification|\bsms\b|認証|コード|ワンタイム|確認番号|パスコード|2段階|二段階/i;
const ID_BEFORE = /(?:\b(?:order|invoice|txid|tx|uid|user ?id|id|no\.?)|#|注文番号|注文|取引番号|取引|会員番号|口座番号|ユーザーID)\s*[:#]?\s*$/i;
const DATE_LIKE = /^(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$/;

function seedPhraseSpans(text: string): Span[] {
  const spans: Span[] = [];
  const runs: Span[][] = SEED_WORDLISTS.map(() => []);
  const flush = (list: number) => {
    const run = runs[list]!;
    if (run.length >= SEED_PHRASE_MIN_WORDS) spans.push({ start: run[0]!.start, end: run.at(-1)!.end });
    runs[list] = [];
  };
  let previousEnd: number | null = null;
  for (const word of text.matchAll(/[\p{L}\p{M}]+/gu)) {
    const span = { start: word.index, end: word.index + word[0].length };
    const joined = previousEnd !== null && SEED_GAP.test(text.slice(previousEnd, span.start));
    const key = seedWordKey(word[0]);
    SEED_WORDLISTS.forEach((list, index) => {
      if (!joined) flush(index);
      if (list.has(key)) runs[index]!.push(span);
      else flush(index);
    });
    previousEnd = span.end;
  }
  SEED_WORDLISTS.forEach((_, index) => flush(index));
  return spans;
}

function passwordSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const pattern of [PASSWORD_EN, PASSWORD_JA]) {
    for (const match of text.matchAll(pattern)) {
      const [whole, separator = "", value = ""] = match;
      const bare = value.replace(/^["'「]|["'」.,!?]+$/g, "");
      if (!bare || NOT_A_PASSWORD.has(bare.toLowerCase())) continue;
      // "my password is hunter2" is a secret; "my password is working" is not.
      if (/\b(?:is|was)\b/i.test(separator) && !/[^A-Za-z]|.[A-Z]/.test(bare)) continue;
      const start = match.index + whole.length - value.length;
      spans.push({ start, end: start + value.length });
    }
  }
  return spans;
}

function backupKeySpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const match of text.matchAll(BACKUP_KEY)) {
    const key = match[0].replace(/[ -]/g, "");
    const hasDigit = /[2-7]/.test(key);
    const hasLetter = /[a-z]/i.test(key);
    const named = KEY_WORDS.test(text.slice(Math.max(0, match.index - 40), match.index));
    const upperCase = key === key.toUpperCase();
    if ((hasDigit && hasLetter) || (named && upperCase && hasLetter)) {
      spans.push({ start: match.index, end: match.index + match[0].length });
    }
  }
  return spans;
}

function oneTimeCodeSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const match of text.matchAll(CODE_CANDIDATE)) {
    const digits = match[0].replace(/[ -]/g, "");
    if (DATE_LIKE.test(digits)) continue;
    const before = text.slice(Math.max(0, match.index - 30), match.index);
    const after = text.slice(match.index + match[0].length, match.index + match[0].length + 15);
    if (ID_BEFORE.test(before)) continue;
    if (CODE_WORDS.test(before) || CODE_WORDS.test(after)) {
      spans.push({ start: match.index, end: match.index + match[0].length });
    }
  }
  return spans;
}

/** Spans of different lists or widened to whole characters may overlap: each secret is masked once. */
function replaceSpans(text: string, spans: Span[], marker: string): string {
  const merged: Span[] = [];
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    const last = merged.at(-1);
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  let result = text;
  for (const span of merged.reverse()) result = result.slice(0, span.start) + marker + result.slice(span.end);
  return result;
}

// One character with the marks that belong to it (ｶﾞ is two code points that NFKC makes one ガ).
const CHARACTER = /[\s\S][\p{M}\uFF9E\uFF9F]*/gu;

/**
 * The NFKC form of `text`, character by character, with a way back: a span of the normalized
 * text maps to the original characters it came from, so a secret found in "１２３４５６" is cut
 * out of the text as typed.
 */
function normalizedView(text: string): { text: string; original(span: Span): Span } {
  const starts: number[] = [];
  const ends: number[] = [];
  let normalized = "";
  for (const character of text.matchAll(CHARACTER)) {
    const form = character[0].normalize("NFKC");
    for (let unit = 0; unit < form.length; unit++) {
      starts.push(character.index);
      ends.push(character.index + character[0].length);
    }
    normalized += form;
  }
  return { text: normalized, original: (span) => ({ start: starts[span.start]!, end: ends[span.end - 1]! }) };
}

const FINDERS: [SecretKind, (text: string) => Span[]][] = [
  ["SEED_PHRASE", seedPhraseSpans],
  ["PASSWORD", passwordSpans],
  ["BACKUP_KEY", backupKeySpans],
  ["ONE_TIME_CODE", oneTimeCodeSpans],
];

export function maskSecrets(text: string): MaskResult {
  let result = text;
  const found = new Set<SecretKind>();
  // Longest secrets first, so a code inside a password or key is masked as that whole.
  for (const [kind, find] of FINDERS) {
    const view = normalizedView(result);
    const spans = find(view.text);
    if (!spans.length) continue;
    found.add(kind);
    result = replaceSpans(result, spans.map(view.original), SECRET_MARKERS[kind]);
  }
  const kinds = SECRET_KINDS.filter((kind) => found.has(kind));
  return { text: result, masked: kinds.length > 0, kinds };
}

/** The kinds whose markers stored text carries: what was masked out of it at intake. */
export function maskedKindsIn(texts: readonly string[]): SecretKind[] {
  return SECRET_KINDS.filter((kind) => texts.some((text) => text.includes(SECRET_MARKERS[kind])));
}

export type MaskAdvice = "MOVE_FUNDS" | "CHANGE_SECRET";

/**
 * What someone who typed these secrets should do now. A seed phrase cannot be changed: the
 * wallet it opens must be emptied into a new one at once. A password or backup key can be
 * changed. A one-time code expires on its own.
 */
export function maskAdvice(kinds: readonly SecretKind[]): MaskAdvice[] {
  const advice: MaskAdvice[] = [];
  if (kinds.includes("SEED_PHRASE")) advice.push("MOVE_FUNDS");
  if (kinds.includes("PASSWORD") || kinds.includes("BACKUP_KEY")) advice.push("CHANGE_SECRET");
  return advice;
}

/** Masks every string field of a ticket's category details; other values pass through. */
export function maskDetails<Details extends Record<string, unknown>>(
  details: Details,
): { details: Details; masked: boolean; kinds: SecretKind[] } {
  const found = new Set<SecretKind>();
  const maskedDetails = Object.fromEntries(
    Object.entries(details).map(([field, value]) => {
      if (typeof value !== "string") return [field, value];
      const result = maskSecrets(value);
      result.kinds.forEach((kind) => found.add(kind));
      return [field, result.text];
    }),
  ) as Details;
  const kinds = SECRET_KINDS.filter((kind) => found.has(kind));
  return { details: maskedDetails, masked: kinds.length > 0, kinds };
}
