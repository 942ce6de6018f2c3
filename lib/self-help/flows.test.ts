import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { ticketDetailsSchemas } from "@/lib/validation/ticket.ts";
import { TICKET_CATEGORIES } from "@/lib/validation/ticket-choices.ts";
import { SOLVED, TO_TICKET, type SelfHelpFlow } from "@/lib/self-help/types.ts";
import {
  answerLabel,
  categoryFromSlug,
  categorySlug,
  findAnswer,
  findStep,
  prefillFromAnswers,
  selfHelpFlow,
  stepTitle,
  type StepTaken,
} from "@/lib/self-help/flows.ts";
import { DEMO_TICKETS } from "@/lib/server/seed/demo-data.ts";

type Path = { taken: StepTaken[]; end: "SOLVED" | "TICKET" };

/** Every way through the flow from its first step; throws on a cycle or a dangling `next`. */
function allPaths(flow: SelfHelpFlow): Path[] {
  const paths: Path[] = [];
  const walk = (key: string, taken: StepTaken[]) => {
    if (taken.some((step) => step.stepKey === key)) throw new Error(`cycle through ${key}`);
    const step = flow.steps.find((candidate) => candidate.key === key);
    if (!step) throw new Error(`dangling step ${key}`);
    for (const answer of step.answers) {
      const path = [...taken, { stepKey: key, answer: answer.value }];
      if (answer.value === SOLVED) paths.push({ taken: path, end: "SOLVED" });
      else if (answer.next === TO_TICKET) paths.push({ taken: path, end: "TICKET" });
      else walk(answer.next ?? "(missing next)", path);
    }
  };
  walk(flow.firstStep, []);
  return paths;
}

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe.each(TICKET_CATEGORIES)("the %s self-help flow", (category) => {
  const flow = selfHelpFlow(category);
  const slug = categorySlug(category);

  it("is registered under its own category and starts at one of its steps", () => {
    expect(flow.category).toBe(category);
    expect(findStep(category, flow.firstStep)).toBeDefined();
  });

  it("has unique keys prefixed with the category slug", () => {
    const keys = flow.steps.map((step) => step.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key).toMatch(new RegExp(`^${slug}\\.[a-z0-9]+(-[a-z0-9]+)*$`));
  });

  it("offers on every step one SOLVED answer and at least one way onward, each leading somewhere that exists", () => {
    const keys = new Set(flow.steps.map((step) => step.key));
    for (const step of flow.steps) {
      const values = step.answers.map((answer) => answer.value);
      expect(new Set(values).size, step.key).toBe(values.length);
      expect(values.filter((value) => value === SOLVED), step.key).toHaveLength(1);
      const onward = step.answers.filter((answer) => answer.value !== SOLVED);
      expect(onward.length, step.key).toBeGreaterThan(0);
      for (const answer of step.answers) {
        expect(answer.value, step.key).toMatch(/^[A-Z][A-Z_]*$/);
        if (answer.value === SOLVED) expect(answer.next, step.key).toBeUndefined();
        else expect(answer.next === TO_TICKET || keys.has(answer.next ?? ""), `${step.key} → ${answer.next}`).toBe(true);
      }
    }
  });

  it("reaches every step from the first one, has no cycles and ends every path in SOLVED or the ticket form", () => {
    const paths = allPaths(flow);
    const visited = new Set(paths.flatMap((path) => path.taken.map((step) => step.stepKey)));
    expect([...visited].sort()).toEqual(flow.steps.map((step) => step.key).sort());
    expect(paths.some((path) => path.end === "TICKET")).toBe(true);
    for (const path of paths) expect(["SOLVED", "TICKET"]).toContain(path.end);
  });

  it("has every text in both Japanese and English", () => {
    const check = (where: string, texts: { ja: string[]; en: string[] }) => {
      for (const [language, list] of Object.entries(texts)) {
        expect(list.length, `${where} ${language}`).toBeGreaterThan(0);
        for (const text of list) {
          expect(text.trim(), `${where} ${language}`).not.toBe("");
          expect(JAPANESE.test(text), `${where} ${language}: ${text}`).toBe(language === "ja");
        }
      }
    };
    for (const step of flow.steps) {
      check(`${step.key} title`, { ja: [step.title.ja], en: [step.title.en] });
      check(`${step.key} body`, step.body);
      if (step.checklist) check(`${step.key} checklist`, step.checklist);
      for (const answer of step.answers) {
        check(`${step.key} ${answer.value}`, { ja: [answer.label.ja], en: [answer.label.en] });
      }
    }
  });

  it("pre-fills only fields and values the category's details schema accepts, along every path", () => {
    const schema = z.partial(ticketDetailsSchemas[category]);
    for (const path of allPaths(flow)) {
      const prefill = prefillFromAnswers(category, path.taken);
      const result = schema.safeParse(prefill);
      expect(result.success, `${JSON.stringify(path.taken)} → ${JSON.stringify(prefill)}`).toBe(true);
    }
  });

  it("names no exchange or other third-party brand", () => {
    const text = JSON.stringify(flow);
    expect(text).not.toMatch(/binance|バイナンス|coinbase|bitflyer|kraken|okx|bybit|google|apple|microsoft|gmail|outlook|yahoo|docomo|softbank/i);
  });
});

describe("the self-help registry", () => {
  it("maps categories to slugs and back", () => {
    expect(categorySlug("TWO_FA")).toBe("two-fa");
    expect(categoryFromSlug("two-fa")).toBe("TWO_FA");
    expect(categoryFromSlug("email")).toBe("EMAIL");
    expect(categoryFromSlug("TWO_FA")).toBeUndefined();
  });

  it("finds steps and answers and shows their text in the asked language", () => {
    expect(findStep("EMAIL", "email.spam-folder")?.key).toBe("email.spam-folder");
    expect(findStep("EMAIL", "email.unknown")).toBeUndefined();
    expect(findAnswer("EMAIL", "email.spam-folder", "STILL_STUCK")?.next).toBe("email.wait-delay");
    expect(stepTitle("EMAIL", "email.spam-folder", "en")).toBe("Look in your spam folder");
    expect(stepTitle("EMAIL", "email.spam-folder", "ja")).toBe("迷惑メールフォルダを見てみましょう");
    expect(answerLabel("EMAIL", "email.spam-folder", "SOLVED", "en")).toBe("Found it");
  });

  it("shows keys and answers no longer in a flow as they were stored", () => {
    expect(stepTitle("EMAIL", "email.retired-step", "en")).toBe("email.retired-step");
    expect(answerLabel("EMAIL", "email.spam-folder", "MAYBE", "ja")).toBe("MAYBE");
  });

  it("merges pre-fills in order, later answers winning, and ignores unknown steps", () => {
    const prefill = prefillFromAnswers("EMAIL", [
      { stepKey: "email.address-typo", answer: "STILL_STUCK" },
      { stepKey: "email.spam-folder", answer: "STILL_STUCK" },
      { stepKey: "email.retired-step", answer: "STILL_STUCK" },
    ]);
    expect(prefill).toEqual({ checkedSpam: true });
  });
});

describe("the demo tickets' steps already tried", () => {
  const escalated = DEMO_TICKETS.filter((ticket) => ticket.stepsTried?.length);

  it.each(escalated.map((ticket) => [ticket.category, ticket.description.slice(0, 30), ticket] as const))(
    "%s “%s…” follow a real path to the ticket form and agree with its details",
    (category, _description, ticket) => {
      const steps = ticket.stepsTried ?? [];
      expect(steps[0]?.stepKey).toBe(selfHelpFlow(category).firstStep);
      steps.forEach((step, index) => {
        const answer = findAnswer(category, step.stepKey, step.answer);
        expect(answer, `${step.stepKey} ${step.answer}`).toBeDefined();
        expect(answer?.next).toBe(steps[index + 1]?.stepKey ?? TO_TICKET);
      });
      expect(ticket.details).toMatchObject(prefillFromAnswers(category, steps));
    },
  );
});
