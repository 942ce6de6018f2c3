import { diffWords } from "diff";
import type { LanguageCode } from "@/lib/validation/ticket-choices.ts";
import { LANGUAGES } from "@/lib/validation/ticket-choices.ts";
import type { SelfHelpFlow, SelfHelpStep, StepAnswer } from "./types.ts";

/**
 * What changed between two revisions of a flow, step by step, as an editor reads it: texts as
 * word diffs (Japanese words found by Intl.Segmenter, since Japanese has no spaces), and the
 * structure (where answers lead, what they pre-fill) as before → after.
 */

export type TextPart = { text: string; change: "added" | "removed" | "same" };

export type FieldChange = {
  /** title, body, checklist, label, next, prefill, urgent, answer (added or removed) */
  field: "title" | "body" | "checklist" | "label" | "next" | "prefill" | "urgent" | "answer";
  language?: LanguageCode;
  /** the answer it is about, for label, next, prefill and answer */
  answer?: string;
  parts: TextPart[];
};

export type StepChange = { key: string; change: "added" | "removed" | "changed"; title: string; fields: FieldChange[] };

export type FlowDiff = { firstStep: TextPart[] | null; steps: StepChange[] };

const segmenters = new Map<LanguageCode, Intl.Segmenter>();
function segmenter(language: LanguageCode): Intl.Segmenter {
  let found = segmenters.get(language);
  if (!found) segmenters.set(language, (found = new Intl.Segmenter(language, { granularity: "word" })));
  return found;
}

export function diffText(before: string, after: string, language: LanguageCode): TextPart[] {
  return diffWords(before, after, { intlSegmenter: segmenter(language) }).map((part) => ({
    text: part.value,
    change: part.added ? "added" : part.removed ? "removed" : "same",
  }));
}

function replaced(before: string, after: string): TextPart[] {
  return [
    ...(before ? [{ text: before, change: "removed" as const }] : []),
    ...(after ? [{ text: after, change: "added" as const }] : []),
  ];
}

const changed = (parts: TextPart[]) => parts.some((part) => part.change !== "same");
const prefillText = (answer: StepAnswer | undefined) =>
  Object.entries(answer?.prefill ?? {})
    .map(([field, value]) => `${field}=${String(value)}`)
    .join(", ");

function diffStep(before: SelfHelpStep, after: SelfHelpStep): FieldChange[] {
  const fields: FieldChange[] = [];
  for (const language of LANGUAGES) {
    const texts: [FieldChange["field"], string, string][] = [
      ["title", before.title[language], after.title[language]],
      ["body", before.body[language].join("\n\n"), after.body[language].join("\n\n")],
      ["checklist", (before.checklist?.[language] ?? []).join("\n"), (after.checklist?.[language] ?? []).join("\n")],
    ];
    for (const [field, old, now] of texts) {
      const parts = diffText(old, now, language);
      if (changed(parts)) fields.push({ field, language, parts });
    }
  }
  if (!!before.urgent !== !!after.urgent) fields.push({ field: "urgent", parts: replaced(String(!!before.urgent), String(!!after.urgent)) });
  const values = [...new Set([...before.answers, ...after.answers].map((answer) => answer.value))];
  for (const value of values) {
    const old = before.answers.find((answer) => answer.value === value);
    const now = after.answers.find((answer) => answer.value === value);
    if (!old || !now) {
      fields.push({ field: "answer", answer: value, parts: replaced(old ? value : "", now ? value : "") });
      continue;
    }
    for (const language of LANGUAGES) {
      const parts = diffText(old.label[language], now.label[language], language);
      if (changed(parts)) fields.push({ field: "label", answer: value, language, parts });
    }
    if ((old.next ?? "") !== (now.next ?? "")) fields.push({ field: "next", answer: value, parts: replaced(old.next ?? "", now.next ?? "") });
    if (prefillText(old) !== prefillText(now)) fields.push({ field: "prefill", answer: value, parts: replaced(prefillText(old), prefillText(now)) });
  }
  return fields;
}

/** The changes from `before` to `after`, steps in `after`'s order, removed ones last. */
export function diffFlows(before: SelfHelpFlow, after: SelfHelpFlow, language: LanguageCode): FlowDiff {
  const steps: StepChange[] = [];
  for (const step of after.steps) {
    const old = before.steps.find((candidate) => candidate.key === step.key);
    if (!old) steps.push({ key: step.key, change: "added", title: step.title[language], fields: [] });
    else {
      const fields = diffStep(old, step);
      if (fields.length) steps.push({ key: step.key, change: "changed", title: step.title[language], fields });
    }
  }
  for (const step of before.steps) {
    if (!after.steps.some((candidate) => candidate.key === step.key)) steps.push({ key: step.key, change: "removed", title: step.title[language], fields: [] });
  }
  return { firstStep: before.firstStep === after.firstStep ? null : replaced(before.firstStep, after.firstStep), steps };
}
