import { describe, expect, it } from "vitest";
import { SEED_FLOWS } from "@/lib/server/seed/self-help-flows.ts";
import { TICKET_CATEGORIES } from "@/lib/validation/ticket-choices.ts";
import { checkFlow, type FlowIssue } from "./flow-checks.ts";
import { TO_TICKET, type SelfHelpFlow, type SelfHelpStep } from "./types.ts";

const email = SEED_FLOWS.EMAIL;

/** The email flow with one step changed by `change`. */
function withStep(key: string, change: (step: SelfHelpStep) => SelfHelpStep, flow: SelfHelpFlow = email): SelfHelpFlow {
  return { ...flow, steps: flow.steps.map((step) => (step.key === key ? change(step) : step)) };
}

const codes = (issues: FlowIssue[]) => issues.map((issue) => `${issue.code} ${issue.stepKey ?? ""} ${issue.detail ?? ""}`.trim());

describe("the publish checks", () => {
  it.each(TICKET_CATEGORIES)("pass the %s seed flow", (category) => {
    expect(checkFlow(SEED_FLOWS[category])).toEqual([]);
  });

  it("name an unreachable step, a dangling next and a missing one", () => {
    const unreachable = withStep("email.address-typo", (step) => ({
      ...step,
      answers: step.answers.map((answer) => (answer.value === "STILL_STUCK" ? { ...answer, next: "email.wait-delay" } : answer)),
    }));
    expect(codes(checkFlow(unreachable))).toEqual(["UNREACHABLE email.spam-folder"]);

    const dangling = withStep("email.spam-folder", (step) => ({
      ...step,
      answers: step.answers.map((answer) => (answer.value === "STILL_STUCK" ? { ...answer, next: "email.gone" } : answer)),
    }));
    expect(codes(checkFlow(dangling))).toEqual(expect.arrayContaining(["DANGLING_NEXT email.spam-folder email.gone", "UNREACHABLE email.wait-delay"]));

    const missing = withStep("email.spam-folder", (step) => ({
      ...step,
      answers: step.answers.map(({ next: _next, ...answer }) => answer),
    }));
    expect(codes(checkFlow(missing))).toContain("MISSING_NEXT email.spam-folder STILL_STUCK");
  });

  it("refuse a loop, which is a path that never ends", () => {
    const loop = withStep("email.wait-delay", (step) => ({
      ...step,
      answers: step.answers.map((answer) => (answer.value === "STILL_STUCK" ? { ...answer, next: "email.spam-folder" } : answer)),
    }));
    expect(codes(checkFlow(loop))).toContain("CYCLE email.spam-folder");
  });

  it("hold keys and answer values unique and well-formed, with one SOLVED and a way on", () => {
    const duplicated: SelfHelpFlow = { ...email, steps: [...email.steps, { ...email.steps[1]! }] };
    expect(codes(checkFlow(duplicated))).toContain("DUPLICATE_KEY email.spam-folder");
    const misnamed = withStep("email.service-status", (step) => ({ ...step, key: "sms.service-status" }));
    expect(codes(checkFlow(misnamed))).toContain("KEY_FORMAT sms.service-status");
    const answers = withStep("email.spam-folder", (step) => ({
      ...step,
      answers: [{ ...step.answers[1]!, value: "still stuck" }, { ...step.answers[1]!, value: "still stuck" }],
    }));
    expect(codes(checkFlow(answers))).toEqual(
      expect.arrayContaining([
        "ANSWER_FORMAT email.spam-folder still stuck",
        "DUPLICATE_ANSWER email.spam-folder still stuck",
        "SOLVED_COUNT email.spam-folder",
      ]),
    );
  });

  it("allow pre-fills only of fields the form has, with values it accepts", () => {
    const prefill = (values: Record<string, string | boolean>) =>
      withStep("email.spam-folder", (step) => ({ ...step, answers: step.answers.map((answer) => (answer.value === "STILL_STUCK" ? { ...answer, prefill: values } : answer)) }));
    expect(codes(checkFlow(prefill({ phoneNumber: "+819012345678" })))).toEqual(["PREFILL_FIELD email.spam-folder phoneNumber"]);
    expect(codes(checkFlow(prefill({ mailType: "POSTCARD" })))).toEqual(["PREFILL_VALUE email.spam-folder mailType=POSTCARD"]);
    expect(checkFlow(prefill({ mailType: "PASSWORD_RESET", checkedSpam: true }))).toEqual([]);
  });

  it("want every text in both languages, and nothing waiting for an update", () => {
    const texts = withStep("email.wait-delay", (step) => ({ ...step, title: { ja: " ", en: "待ってください" } }));
    expect(codes(checkFlow(texts))).toEqual(["EMPTY_TEXT email.wait-delay ja: title", "WRONG_LANGUAGE email.wait-delay en: title"]);
    expect(codes(checkFlow(email, new Map([["email.wait-delay", { en: true }]])))).toEqual(["NEEDS_UPDATE email.wait-delay en"]);
  });

  it("want an urgent step to offer the report", () => {
    const account = SEED_FLOWS.ACCOUNT;
    const urgent = withStep(
      "account.unauthorized",
      (step) => ({ ...step, answers: step.answers.map((answer) => (answer.next === TO_TICKET ? { ...answer, next: "account.frozen-prepare" } : answer)) }),
      account,
    );
    expect(codes(checkFlow(urgent))).toEqual(["URGENT_WITHOUT_REPORT account.unauthorized"]);
  });
});
