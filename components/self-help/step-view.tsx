import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { SOLVED, TO_TICKET, type SelfHelpStep, type StepAnswer } from "@/lib/self-help/types.ts";
import type { LanguageCode } from "@/lib/validation/ticket-choices.ts";
import { EmailTypoCheck } from "./email-typo-check.tsx";

type StepViewProps = {
  step: SelfHelpStep;
  /** The step's place on the visitor's path; null when there is no path yet (a shared link). */
  number: number | null;
  language: LanguageCode;
  headingId: string;
  /** The answers (form buttons for customers, links in the editor's preview) and what follows them. */
  children: ReactNode;
};

/**
 * The order and look of a step's answers. On an urgent step the safe action (reporting, which
 * leads to the form) comes first and is the primary button, and "it was me" is a plain one;
 * elsewhere "this solved it" is the green one.
 */
export function orderedAnswers(step: SelfHelpStep): { answer: StepAnswer; className: string }[] {
  if (!step.urgent) {
    return step.answers.map((answer) => ({ answer, className: answer.value === SOLVED ? "button button-success" : "button" }));
  }
  const safe = step.answers.filter((answer) => answer.next === TO_TICKET);
  const rest = step.answers.filter((answer) => answer.next !== TO_TICKET);
  return [...safe.map((answer) => ({ answer, className: "button button-primary" })), ...rest.map((answer) => ({ answer, className: "button" }))];
}

/** One self-help step as customers see it, rendered from the flow's content. */
export async function StepView({ step, number, language, headingId, children }: StepViewProps) {
  const t = await getTranslations("selfHelp");
  return (
    <article className={step.urgent ? "step is-urgent" : "step"} aria-labelledby={headingId}>
      {number !== null ? <p className="step-number">{t("stepNumber", { number })}</p> : null}
      {step.urgent ? (
        <p className="urgent-label" role="alert">
          {t("urgent")}
        </p>
      ) : null}
      {/* focusable by script only: focus moves here when the step changes */}
      <h1 id={headingId} tabIndex={-1}>
        {step.title[language]}
      </h1>
      {step.body[language].map((paragraph) => (
        <p key={paragraph}>{paragraph}</p>
      ))}
      {step.checklist ? (
        <ul className="checklist">
          {step.checklist[language].map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      ) : null}
      {step.tool === "email-typo-check" ? <EmailTypoCheck /> : null}
      {children}
    </article>
  );
}
