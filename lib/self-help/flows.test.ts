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
  stepKeyFromPath,
  stepPath,
  stepTitle,
  type StepTaken,
} from "@/lib/self-help/flows.ts";
import { SEED_FLOWS } from "@/lib/server/seed/self-help-flows.ts";
import { DEMO_TICKETS } from "@/lib/server/seed/demo-data.ts";

type Path = { taken: StepTaken[]; end: "SOLVED" | "TICKET" };

/** Every way through the flow from its first step (the flow has passed checkFlow: no loops). */
function allPaths(flow: SelfHelpFlow): Path[] {
  const paths: Path[] = [];
  const walk = (key: string, taken: StepTaken[]) => {
    for (const answer of findStep(flow, key)?.answers ?? []) {
      const path = [...taken, { stepKey: key, answer: answer.value }];
      if (answer.value === SOLVED) paths.push({ taken: path, end: "SOLVED" });
      else if (answer.next === TO_TICKET) paths.push({ taken: path, end: "TICKET" });
      else walk(answer.next ?? "", path);
    }
  };
  walk(flow.firstStep, []);
  return paths;
}

describe.each(TICKET_CATEGORIES)("the %s seed flow", (category) => {
  const flow = SEED_FLOWS[category];

  it("is registered under its own category and has a way to the ticket form", () => {
    expect(flow.category).toBe(category);
    expect(allPaths(flow).some((path) => path.end === "TICKET")).toBe(true);
  });

  it("pre-fills only fields and values the category's details schema accepts, along every path, combined", () => {
    const schema = z.partial(ticketDetailsSchemas[category]);
    for (const path of allPaths(flow)) {
      const prefill = prefillFromAnswers(flow, path.taken);
      expect(schema.safeParse(prefill).success, `${JSON.stringify(path.taken)} → ${JSON.stringify(prefill)}`).toBe(true);
    }
  });

  it("names no exchange or other third-party brand", () => {
    expect(JSON.stringify(flow)).not.toMatch(/binance|バイナンス|coinbase|bitflyer|kraken|okx|bybit|google|apple|microsoft|gmail|outlook|yahoo|docomo|softbank/i);
  });
});

describe("flow lookups", () => {
  const email = SEED_FLOWS.EMAIL;

  it("map categories to slugs and back, and steps to their own URLs", () => {
    expect(categorySlug("TWO_FA")).toBe("two-fa");
    expect(categoryFromSlug("two-fa")).toBe("TWO_FA");
    expect(categoryFromSlug("email")).toBe("EMAIL");
    expect(categoryFromSlug("TWO_FA")).toBeUndefined();
    expect(stepPath("TWO_FA", "two-fa.time-sync")).toBe("/help/two-fa/steps/time-sync");
    expect(stepKeyFromPath("TWO_FA", "time-sync")).toBe("two-fa.time-sync");
  });

  it("find steps and answers and show their text in the asked language", () => {
    expect(findStep(email, "email.spam-folder")?.key).toBe("email.spam-folder");
    expect(findStep(email, "email.unknown")).toBeUndefined();
    expect(findStep(undefined, "email.spam-folder")).toBeUndefined();
    expect(findAnswer(email, "email.spam-folder", "STILL_STUCK")?.next).toBe("email.wait-delay");
    expect(stepTitle(email, "email.spam-folder", "en")).toBe("Look in your spam folder");
    expect(stepTitle(email, "email.spam-folder", "ja")).toBe("迷惑メールフォルダを見てみましょう");
    expect(answerLabel(email, "email.spam-folder", "SOLVED", "en")).toBe("Found it");
  });

  it("show keys and answers no longer in a flow as they were stored", () => {
    expect(stepTitle(email, "email.retired-step", "en")).toBe("email.retired-step");
    expect(answerLabel(email, "email.spam-folder", "MAYBE", "ja")).toBe("MAYBE");
  });

  it("merge pre-fills in order, later answers winning, each in its own flow, ignoring unknown steps", () => {
    const taken = [
      { stepKey: "email.address-typo", answer: "STILL_STUCK" },
      { stepKey: "email.spam-folder", answer: "STILL_STUCK" },
      { stepKey: "email.retired-step", answer: "STILL_STUCK" },
    ];
    expect(prefillFromAnswers(email, taken)).toEqual({ checkedSpam: true });
    const edited: SelfHelpFlow = {
      ...email,
      steps: email.steps.map((step) =>
        step.key === "email.spam-folder" ? { ...step, answers: step.answers.map((answer) => ({ ...answer, prefill: { checkedSpam: false } })) } : step,
      ),
    };
    expect(prefillFromAnswers((step) => (step.stepKey === "email.spam-folder" ? edited : email), taken)).toEqual({ checkedSpam: false });
  });
});

describe("the demo tickets' steps already tried", () => {
  const escalated = DEMO_TICKETS.filter((ticket) => ticket.stepsTried?.length);

  it.each(escalated.map((ticket) => [ticket.category, ticket.description.slice(0, 30), ticket] as const))(
    "%s “%s…” follow a real path to the ticket form and agree with its details",
    (category, _description, ticket) => {
      const flow = SEED_FLOWS[category];
      const steps = ticket.stepsTried ?? [];
      expect(steps[0]?.stepKey).toBe(flow.firstStep);
      steps.forEach((step, index) => {
        const answer = findAnswer(flow, step.stepKey, step.answer);
        expect(answer, `${step.stepKey} ${step.answer}`).toBeDefined();
        expect(answer?.next).toBe(steps[index + 1]?.stepKey ?? TO_TICKET);
      });
      expect(ticket.details).toMatchObject(prefillFromAnswers(flow, steps));
    },
  );
});
