import { describe, expect, it } from "vitest";
import { SEED_FLOWS } from "@/lib/server/seed/self-help-flows.ts";
import { diffFlows, diffText } from "./revision-diff.ts";
import type { SelfHelpFlow } from "./types.ts";

const email = SEED_FLOWS.EMAIL;

describe("the revision diff", () => {
  it("diffs Japanese by words, not by the whole line", () => {
    expect(diffText("迷惑メールフォルダを見てみましょう", "迷惑メールフォルダを確かめましょう", "ja")).toEqual([
      { text: "迷惑メールフォルダを", change: "same" },
      { text: "見てみ", change: "removed" },
      { text: "確かめ", change: "added" },
      { text: "ましょう", change: "same" },
    ]);
    expect(diffText("Look in your spam folder", "Look in your junk folder", "en").filter((part) => part.change !== "same")).toEqual([
      { text: "spam", change: "removed" },
      { text: "junk", change: "added" },
    ]);
  });

  it("names changed, added and removed steps with the fields that changed", () => {
    const edited: SelfHelpFlow = {
      ...email,
      steps: [
        ...email.steps
          .filter((step) => step.key !== "email.service-status")
          .map((step) =>
            step.key === "email.spam-folder"
              ? {
                  ...step,
                  title: { ...step.title, ja: "迷惑メールフォルダを確かめましょう" },
                  answers: step.answers.map((answer) => (answer.value === "STILL_STUCK" ? { ...answer, next: "TICKET", prefill: undefined } : answer)),
                }
              : step,
          ),
        { ...email.steps[0]!, key: "email.new-step" },
      ],
    };
    const diff = diffFlows(email, edited, "en");
    expect(diff.firstStep).toBeNull();
    expect(diff.steps.map((step) => [step.key, step.change])).toEqual([
      ["email.spam-folder", "changed"],
      ["email.new-step", "added"],
      ["email.service-status", "removed"],
    ]);
    expect(diff.steps[0]!.fields.map((field) => [field.field, field.language ?? field.answer])).toEqual([
      ["title", "ja"],
      ["next", "STILL_STUCK"],
      ["prefill", "STILL_STUCK"],
    ]);
    expect(diff.steps[0]!.fields[1]!.parts).toEqual([
      { text: "email.wait-delay", change: "removed" },
      { text: "TICKET", change: "added" },
    ]);
  });

  it("finds nothing between a flow and itself", () => {
    expect(diffFlows(email, structuredClone(email), "ja")).toEqual({ firstStep: null, steps: [] });
  });
});
