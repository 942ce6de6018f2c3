import MiniSearch from "minisearch";
import type { LanguageCode, TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";
import type { SelfHelpFlow, SelfHelpStep } from "./types.ts";

/**
 * Finding the self-help steps that match what a customer types, in Japanese or English. Japanese
 * has no spaces between words, so text is cut into words by Intl.Segmenter (the ICU dictionary
 * that ships with Node.js and browsers, nothing to download) and each Japanese word into
 * overlapping pairs of characters (bigrams), which also match half-typed and compound words
 * ("認証メール" and "メール認証" share "認証", "メー", "ール"). English words match with one typo in
 * longer words, and the last one, still being typed, by prefix. Ranking is MiniSearch's BM25.
 */

export type Suggestion = {
  category: TicketCategoryCode;
  stepKey: string;
  title: string;
  /** the checklist item or paragraph of the step that matches best */
  snippet: string;
  score: number;
};

type StepDocument = {
  id: string;
  category: TicketCategoryCode;
  stepKey: string;
  language: LanguageCode;
  title: string;
  body: string;
  checklist: string;
  answers: string;
};

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/;
const HIRAGANA_ONLY = /^[\u3040-\u309f]+$/;
// Words too common in these texts to tell steps apart.
const ENGLISH_STOPWORDS = new Set(
  "a an and are as at be but by can do does for from has have i if in is it its me my no not of on or our so that the this to was we what when with you your".split(" "),
);

const segmenter = new Intl.Segmenter("ja", { granularity: "word" });

/** The words of a text, each as its terms: Japanese character pairs, or the English word itself. */
function wordTerms(text: string): string[][] {
  const words: string[][] = [];
  for (const { segment, isWordLike } of segmenter.segment(text.normalize("NFKC").toLowerCase())) {
    if (!isWordLike) continue;
    if (JAPANESE.test(segment)) {
      // Particles and endings (が, ない, した) say nothing about the problem.
      if (HIRAGANA_ONLY.test(segment) && segment.length <= 2) continue;
      const characters = [...segment];
      const pairs = characters.slice(1).map((character, index) => characters[index]! + character);
      words.push(pairs.length ? pairs : [segment]);
    } else if (!ENGLISH_STOPWORDS.has(segment)) {
      words.push([segment]);
    }
  }
  return words;
}

/** The terms of a text: Japanese character pairs and English words, normalized (NFKC, lower case). */
export function tokenize(text: string): string[] {
  return wordTerms(text).flat();
}

/**
 * How much each term of a query counts: a long word is cut into many pairs, so each of its pairs
 * counts less, and every typed word weighs about the same ("アカウント" no more than "凍結").
 */
function termWeights(query: string): Map<string, number> {
  const weights = new Map<string, number>();
  for (const terms of wordTerms(query)) {
    for (const term of terms) weights.set(term, Math.max(weights.get(term) ?? 0, 1 / terms.length));
  }
  return weights;
}

const isEnglishTerm = (term: string) => !JAPANESE.test(term);

function documentsOf(flow: SelfHelpFlow): StepDocument[] {
  return flow.steps.flatMap((step: SelfHelpStep) =>
    (["ja", "en"] as const).map((language) => ({
      id: `${language}:${step.key}`,
      category: flow.category,
      stepKey: step.key,
      language,
      title: step.title[language],
      body: step.body[language].join("\n"),
      checklist: (step.checklist?.[language] ?? []).join("\n"),
      answers: step.answers.map((answer) => answer.label[language]).join("\n"),
    })),
  );
}

export type SuggestionIndex = {
  search(query: string, options: { language: LanguageCode; category?: TicketCategoryCode; limit?: number }): Suggestion[];
};

/** An index over the steps of `flows` (the published revisions), in both languages. */
export function buildSuggestionIndex(flows: readonly SelfHelpFlow[]): SuggestionIndex {
  const index = new MiniSearch<StepDocument>({
    fields: ["title", "body", "checklist", "answers"],
    storeFields: ["category", "stepKey", "language", "title"],
    tokenize,
    searchOptions: {
      boost: { title: 3, checklist: 1.5, body: 1, answers: 0.5 },
      // Only the word being typed is unfinished; a typo (one edit) is forgiven in longer words.
      prefix: (term, index, terms) => index === terms.length - 1 && isEnglishTerm(term) && term.length >= 3,
      fuzzy: (term) => (isEnglishTerm(term) && term.length >= 6 ? 1 : false),
      combineWith: "OR",
    },
  });
  const documents = flows.flatMap(documentsOf);
  index.addAll(documents);
  // Each step's lines, cut into terms once, for the snippet of a suggestion.
  const lines = new Map(
    documents.map((document) => [
      document.id,
      [...document.checklist.split("\n"), ...document.body.split("\n")].filter(Boolean).map((text) => ({ text, terms: new Set(tokenize(text)) })),
    ]),
  );

  return {
    search(query, { language, category, limit = 5 }) {
      const weights = termWeights(query);
      if (!weights.size) return [];
      // Typed in Japanese: the Japanese texts; otherwise the visitor's language.
      const searchIn: LanguageCode = JAPANESE.test(query) ? "ja" : language;
      const results = index.search(query, {
        filter: (result) => result.language === searchIn,
        boostTerm: (term) => weights.get(term) ?? 1,
        ...(category ? { boostDocument: (_id, _term, stored) => (stored?.category === category ? 1.5 : 1) } : {}),
      });
      const best = results[0]?.score ?? 0;
      const typed = [...weights.keys()];
      return results
        .filter((result) => result.score >= best * 0.25)
        .slice(0, limit)
        .map((result) => ({
          category: result.category,
          stepKey: result.stepKey,
          title: result.title,
          snippet: bestLine(lines.get(String(result.id)) ?? [], typed),
          score: result.score,
        }));
    },
  };
}

type Line = { text: string; terms: Set<string> };

/** The step's line with the most of the query's terms: a checklist item or a paragraph. */
function bestLine(lines: readonly Line[], typed: readonly string[]): string {
  let best = lines[0];
  let bestCount = -1;
  for (const line of lines) {
    const count = typed.filter((term) => line.terms.has(term) || (isEnglishTerm(term) && [...line.terms].some((candidate) => candidate.startsWith(term)))).length;
    if (count > bestCount) [best, bestCount] = [line, count];
  }
  return best?.text ?? "";
}
