/** The shapes of the identifiers that reach us from URLs, forms and mail. */

/** A UUID as PostgreSQL writes it (any version; ids are gen_random_uuid()). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// No 0/O, 1/I/L or U/V: a reference read over the phone or copied by hand stays unambiguous.
export const REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ";

/** A ticket reference, e.g. SG-7KQ4-92XD (upper case, as stored). */
export const REFERENCE_PATTERN = new RegExp(`^SG-[${REFERENCE_ALPHABET}]{4}-[${REFERENCE_ALPHABET}]{4}$`);
