// Generators of malformed input for the fuzz scenarios: wrong types, huge strings, deep nesting,
// unicode edge cases, prototype-pollution keys, missing and unknown fields, extreme dates and cursors.
import fc from "fast-check";
import { intakeBody } from "./intake.ts";

const POLLUTION_KEYS = ["__proto__", "constructor", "prototype", "__defineGetter__", "toString", "hasOwnProperty", "valueOf"];

const edgeStrings = fc.constantFrom(
  "",
  " ",
  "\u0000",
  "a\u0000b valid length text",
  "\uD800\uDC00\uD800", // a lone surrogate after a pair
  "\uFEFFBOM at the start of a description",
  "\u202Eright-to-left override text here",
  "e\u0301".repeat(50), // combining marks
  "👩‍👩‍👧‍👦".repeat(700),
  "𝕏".repeat(2600), // astral characters: 5200 UTF-16 units, 2600 code points
  "' OR 1=1; DROP TABLE tickets; --",
  "<script>alert(1)</script>",
  "../../../../etc/passwd",
  "%00%0d%0aSet-Cookie: x=y",
  "user@[127.0.0.1]",
  "a@b",
  "+00000000000",
  "9999-12-31T23:59:59Z",
  "2026-02-30T00:00:00+09:00",
  "NaN",
);

export const weirdString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", minLength: 5, maxLength: 200 }) },
  { weight: 3, arbitrary: edgeStrings },
  { weight: 1, arbitrary: fc.integer({ min: 4990, max: 5010 }).map((length) => "x".repeat(length)) },
  { weight: 1, arbitrary: fc.integer({ min: 20_000, max: 200_000 }).map((length) => "y".repeat(length)) },
);

export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: weirdString },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.oneof(weirdString, fc.constantFrom(...POLLUTION_KEYS)), fc.anything({ maxDepth: 2 }), { maxKeys: 4 }) },
);

const FIELDS = ["category", "contactEmail", "language", "description", "startedAt", "selfHelpSessionId", "details"];
const DETAIL_FIELDS = ["registeredEmail", "mailType", "mailProvider", "lastRequestedAt", "checkedSpam", "problem", "phoneNumber", "currentCountry"];

/** A valid body with fields dropped, replaced by wrong values, or joined by unknown ones. */
const mutatedBody = fc
  .record({
    drop: fc.subarray(FIELDS),
    replace: fc.dictionary(fc.constantFrom(...FIELDS), wrongValue, { maxKeys: 3 }),
    replaceDetail: fc.dictionary(fc.constantFrom(...DETAIL_FIELDS), wrongValue, { maxKeys: 3 }),
    extra: fc.dictionary(weirdString, wrongValue, { maxKeys: 2 }),
    pollution: fc.option(fc.tuple(fc.constantFrom(...POLLUTION_KEYS), fc.boolean(), wrongValue)),
    category: fc.constantFrom("EMAIL", "TWO_FA", "SMS", "ACCOUNT"),
    tag: fc.uuid(),
  })
  .map(({ drop, replace, replaceDetail, extra, pollution, category, tag }) => {
    const body: Record<string, unknown> = { ...intakeBody(`fuzz-${tag}`), category };
    const details: Record<string, unknown> = { ...(body.details as object), ...replaceDetail };
    body.details = details;
    for (const field of drop) delete body[field];
    Object.assign(body, replace, extra);
    let text = JSON.stringify(body);
    // "__proto__" as an own key survives only in the text: JSON.parse makes it an own property
    if (pollution) {
      const [key, inDetails, value] = pollution;
      const entry = `${JSON.stringify(key)}:${JSON.stringify(value ?? null)}`;
      const opening = inDetails && text.includes('"details":{') ? '"details":{' : "{";
      const at = text.indexOf(opening) + opening.length;
      text = `${text.slice(0, at)}${entry}${text[at] === "}" ? "" : ","}${text.slice(at)}`;
    }
    return text;
  });

const deepNesting = fc
  .record({ depth: fc.integer({ min: 50, max: 20_000 }), kind: fc.constantFrom("array", "object", "details") })
  .map(({ depth, kind }) => {
    if (kind === "array") return "[".repeat(depth) + "]".repeat(depth);
    const nested = '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
    return kind === "object" ? nested : JSON.stringify(intakeBody("deep")).replace(/"details":\{[^}]*\}/, `"details":${nested}`);
  });

const garbageText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.constantFrom("", "{", "[", "null", "true", "0", '"string"', "{}", "[]", '{"category":', "\uFEFF{}", "{'single':'quotes'}", "NaN", "1e999"),
  fc.json().map((json) => json.slice(0, Math.max(1, Math.floor(json.length / 2)))),
);

/** Valid bodies whose free text is every kind of odd: these are filed, and their rows checked. */
const edgyValidBody = fc
  .record({
    description: fc.oneof(weirdString, fc.string({ unit: "binary", minLength: 10, maxLength: 300 })),
    mailProvider: fc.option(weirdString),
    language: fc.constantFrom("en", "ja"),
    tag: fc.uuid(),
  })
  .map(({ description, mailProvider, language, tag }) => {
    const body = intakeBody(`fuzz-${tag}`, language as "en" | "ja");
    return JSON.stringify({ ...body, description: `${description} ${tag}`, details: { ...body.details, ...(mailProvider === null ? {} : { mailProvider }) } });
  });

// JavaScript dates reach ±8.64e15 ms (years ±275,760); ISO 8601 and PostgreSQL stop far sooner.
const JS_DATE_LIMIT_MS = 8.64e15;

/**
 * Date-times at and past every edge: year 0 (PostgreSQL has none), years 1 and 9999, expanded
 * ±years, the epoch, the extreme offsets, and any instant JavaScript can represent.
 */
export const extremeDateTime: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "0000-01-01T00:00:00Z",
    "0000-12-31T23:59:59.999-23:59",
    "0001-01-01T00:00:00Z",
    "0001-01-01T00:00:00+14:00",
    "1969-12-31T23:59:59.999Z",
    "1970-01-01T00:00:00Z",
    "1970-01-01T08:59:59+09:00",
    "9999-12-31T23:59:59.999Z",
    "9999-12-31T23:59:59-12:00",
    "-000001-01-01T00:00:00Z",
    "+275760-09-13T00:00:00Z",
    "-271821-04-20T00:00:00Z",
  ),
  fc.date({ min: new Date(-JS_DATE_LIMIT_MS), max: new Date(JS_DATE_LIMIT_MS), noInvalidDate: true }).map((date) => date.toISOString()),
  fc
    .record({ year: fc.integer({ min: 0, max: 9999 }), offset: fc.constantFrom("Z", "+14:00", "-12:00", "+09:00", "-23:59") })
    .map(({ year, offset }) => `${String(year).padStart(4, "0")}-01-01T00:00:00${offset}`),
);

/** Otherwise valid bodies whose dates are extreme: what is accepted is stored, and its row checked. */
const extremeDatedBody = fc
  .record({ startedAt: fc.option(extremeDateTime), lastRequestedAt: fc.option(extremeDateTime), tag: fc.uuid() })
  .map(({ startedAt, lastRequestedAt, tag }) => {
    const body = intakeBody(`fuzz-${tag}`);
    return JSON.stringify({
      ...body,
      ...(startedAt === null ? {} : { startedAt }),
      details: { ...body.details, ...(lastRequestedAt === null ? {} : { lastRequestedAt }) },
    });
  });

/** Queue cursors: well-formed ones at every time JavaScript can hold, and tampered ones. */
export const extremeCursor: fc.Arbitrary<string> = fc.oneof(
  fc
    .record({
      time: fc.oneof(
        fc.integer({ min: -999_999_999_999_999, max: 999_999_999_999_999 }),
        fc.constantFrom(-62_167_219_200_000, -62_135_596_800_001, -62_135_596_800_000, 0, 253_402_300_799_999, 253_402_300_800_000),
      ),
      id: fc.uuid(),
    })
    .map(({ time, id }) => Buffer.from(`${time}:${id}`).toString("base64url")),
  // short enough for a URL: a long one is the HTTP server's 431, not the queue's concern
  fc.string({ unit: "binary", maxLength: 150 }).map((text) => Buffer.from(text).toString("base64url")),
  fc.string({ maxLength: 300 }),
);

/** Raw request bodies for the intake API. */
export const malformedIntakeText: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: mutatedBody },
  { weight: 2, arbitrary: edgyValidBody },
  { weight: 2, arbitrary: extremeDatedBody },
  { weight: 2, arbitrary: fc.anything({ maxDepth: 4, withNullPrototype: true }).map((value) => JSON.stringify(value) ?? "null") },
  { weight: 1, arbitrary: deepNesting },
  { weight: 2, arbitrary: garbageText },
);

/** Parsed values for the server actions, which receive structured arguments, not text. */
export const malformedValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: mutatedBody.map((text) => JSON.parse(text) as unknown) },
  { weight: 1, arbitrary: edgyValidBody.map((text) => JSON.parse(text) as unknown) },
  { weight: 1, arbitrary: extremeDatedBody.map((text) => JSON.parse(text) as unknown) },
  { weight: 2, arbitrary: wrongValue },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 3, withNullPrototype: true, withMap: true, withSet: true, withTypedArray: true }) },
);
