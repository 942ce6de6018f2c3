// Lone UTF-16 surrogates: half of a character, left by a cut or a broken client.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Free text as PostgreSQL can store it: without NUL characters (text columns refuse them) and
 * with lone surrogates replaced by U+FFFD (jsonb refuses their \u escapes). Without this a pasted
 * NUL made a valid-looking form answer 500. Applied by every schema that stores free text.
 */
export function toStorableText(value: string): string {
  return value.replace(/\u0000/g, "").replace(LONE_SURROGATE, "\uFFFD");
}
