import { ticketDetailsSchemas } from "@/lib/validation/ticket.ts";
import { LANGUAGES, type TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";
import { categorySlug } from "@/lib/self-help/flows.ts";
import { SOLVED, STEP_TOOLS, TO_TICKET, type SelfHelpFlow, type SelfHelpStep } from "@/lib/self-help/types.ts";

/**
 * The structure a flow must have to be published, checked in the editor as it is edited and
 * again when publishing: every path from the first step ends in "solved" or the ticket form (no
 * dangling or missing `next`, no loop), every step is reachable, keys and answer values are
 * unique and well-formed, pre-fills only name fields (and values) the category's form accepts,
 * every text is there in both languages, no language is waiting for an update, and an urgent step
 * offers the way to report it. Each issue names the step it is about.
 */

export const FLOW_ISSUE_CODES = [
  "FIRST_STEP_MISSING",
  "KEY_FORMAT",
  "DUPLICATE_KEY",
  "ANSWER_FORMAT",
  "DUPLICATE_ANSWER",
  "SOLVED_COUNT",
  "NO_ONWARD",
  "MISSING_NEXT",
  "DANGLING_NEXT",
  "UNREACHABLE",
  "CYCLE",
  "EMPTY_TEXT",
  "WRONG_LANGUAGE",
  "NEEDS_UPDATE",
  "PREFILL_FIELD",
  "PREFILL_VALUE",
  "URGENT_WITHOUT_REPORT",
  "UNKNOWN_TOOL",
] as const;
export type FlowIssueCode = (typeof FLOW_ISSUE_CODES)[number];

/** `detail` is what the message needs besides the step: an answer value, a field, a language. */
export type FlowIssue = { code: FlowIssueCode; stepKey?: string; detail?: string };

/** Which languages of a step wait for an update after the other one was edited. */
export type NeedsUpdate = Partial<Record<(typeof LANGUAGES)[number], boolean>>;

const ANSWER_VALUE = /^[A-Z][A-Z_]*$/;
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

export function stepKeyPattern(category: TicketCategoryCode): RegExp {
  return new RegExp(`^${categorySlug(category)}\\.[a-z0-9]+(-[a-z0-9]+)*$`);
}

export function checkFlow(flow: SelfHelpFlow, needsUpdate: ReadonlyMap<string, NeedsUpdate> = new Map()): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const keys = new Map<string, SelfHelpStep>();
  const keyPattern = stepKeyPattern(flow.category);
  for (const step of flow.steps) {
    if (!keyPattern.test(step.key)) issues.push({ code: "KEY_FORMAT", stepKey: step.key });
    if (keys.has(step.key)) issues.push({ code: "DUPLICATE_KEY", stepKey: step.key });
    keys.set(step.key, step);
  }
  if (!keys.has(flow.firstStep)) issues.push({ code: "FIRST_STEP_MISSING", detail: flow.firstStep });

  for (const step of flow.steps) {
    issues.push(...checkStep(flow.category, step, keys, needsUpdate.get(step.key) ?? {}));
  }
  issues.push(...checkPaths(flow, keys));
  return issues;
}

function checkStep(category: TicketCategoryCode, step: SelfHelpStep, keys: ReadonlyMap<string, SelfHelpStep>, needsUpdate: NeedsUpdate): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const issue = (code: FlowIssueCode, detail?: string) => issues.push({ code, stepKey: step.key, ...(detail === undefined ? {} : { detail }) });
  const values = new Set<string>();
  for (const answer of step.answers) {
    if (!ANSWER_VALUE.test(answer.value)) issue("ANSWER_FORMAT", answer.value);
    if (values.has(answer.value)) issue("DUPLICATE_ANSWER", answer.value);
    values.add(answer.value);
    if (answer.value === SOLVED) continue;
    if (!answer.next) issue("MISSING_NEXT", answer.value);
    else if (answer.next !== TO_TICKET && !keys.has(answer.next)) issue("DANGLING_NEXT", answer.next);
  }
  if (step.answers.filter((answer) => answer.value === SOLVED).length !== 1) issue("SOLVED_COUNT");
  if (!step.answers.some((answer) => answer.value !== SOLVED)) issue("NO_ONWARD");
  if (step.urgent && !step.answers.some((answer) => answer.next === TO_TICKET)) issue("URGENT_WITHOUT_REPORT");
  if (step.tool !== undefined && !(STEP_TOOLS as readonly string[]).includes(step.tool)) issue("UNKNOWN_TOOL", step.tool);

  for (const language of LANGUAGES) {
    if (needsUpdate[language]) issue("NEEDS_UPDATE", language);
    const texts: [string, string[]][] = [
      ["title", [step.title[language]]],
      ["body", step.body[language]],
      ...(step.checklist ? [["checklist", step.checklist[language]] as [string, string[]]] : []),
      ...step.answers.map((answer): [string, string[]] => [`answer ${answer.value}`, [answer.label[language]]]),
    ];
    for (const [part, list] of texts) {
      if (!list.length || list.some((text) => !text.trim())) issue("EMPTY_TEXT", `${language}: ${part}`);
      else if (list.some((text) => JAPANESE.test(text) !== (language === "ja"))) issue("WRONG_LANGUAGE", `${language}: ${part}`);
    }
  }

  const fields = ticketDetailsSchemas[category].shape as Record<string, { safeParse(value: unknown): { success: boolean } }>;
  for (const answer of step.answers) {
    for (const [field, value] of Object.entries(answer.prefill ?? {})) {
      if (!Object.hasOwn(fields, field)) issue("PREFILL_FIELD", field);
      else if (!fields[field]!.safeParse(value).success) issue("PREFILL_VALUE", `${field}=${String(value)}`);
    }
  }
  return issues;
}

/** Walks every path from the first step: steps never reached, and loops (a path that never ends). */
function checkPaths(flow: SelfHelpFlow, keys: ReadonlyMap<string, SelfHelpStep>): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const state = new Map<string, "open" | "done">();
  const cycles = new Set<string>();
  const visit = (key: string) => {
    state.set(key, "open");
    for (const answer of keys.get(key)?.answers ?? []) {
      const next = answer.value === SOLVED ? undefined : answer.next;
      if (!next || next === TO_TICKET || !keys.has(next)) continue;
      if (state.get(next) === "open") cycles.add(next);
      else if (!state.has(next)) visit(next);
    }
    state.set(key, "done");
  };
  if (keys.has(flow.firstStep)) visit(flow.firstStep);
  for (const key of cycles) issues.push({ code: "CYCLE", stepKey: key });
  for (const step of flow.steps) if (!state.has(step.key)) issues.push({ code: "UNREACHABLE", stepKey: step.key });
  return issues;
}

/**
 * An issue as the editor reads it, through `t` (keys of messages/<lang>/contentEditor.json): the
 * step it names, and a language named in its language.
 */
export function describeIssue(t: (key: string, values: Record<string, string>) => string, issue: FlowIssue): string {
  const detail = issue.code === "NEEDS_UPDATE" && issue.detail ? t(`languages.${issue.detail}`, {}) : (issue.detail ?? "");
  return t(`checks.${issue.code}`, { step: issue.stepKey ?? "", detail });
}
