import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { SOLVED, TO_TICKET, type SelfHelpStep, type StepAnswer } from "@/lib/self-help/types.ts";
import type { LanguageCode, TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";
import { answerSelfHelpAction, previousSelfHelpStepAction } from "../actions.ts";
import { EmailTypoCheck } from "./email-typo-check.tsx";
import { formAction } from "@/lib/actions/action-result.ts";

type StepViewProps = {
  category: TicketCategoryCode;
  step: SelfHelpStep;
  /** The step's place on the visitor's path; null when there is no path yet (a shared link). */
  number: number | null;
  language: LanguageCode;
  /** Whether the path has a step before this one ("previous step" goes back to it); else the start page. */
  hasPrevious: boolean;
  headingId: string;
};

/**
 * On an urgent step the safe action (reporting, which leads to the form) comes first and is the
 * primary button; "it was me" is a plain one. Elsewhere "this solved it" is the green one.
 */
function answerOrder(step: SelfHelpStep): { answer: StepAnswer; className: string }[] {
  if (!step.urgent) {
    return step.answers.map((answer) => ({ answer, className: answer.value === SOLVED ? "button button-success" : "button" }));
  }
  const safe = step.answers.filter((answer) => answer.next === TO_TICKET);
  const rest = step.answers.filter((answer) => answer.next !== TO_TICKET);
  return [
    ...safe.map((answer) => ({ answer, className: "button button-primary" })),
    ...rest.map((answer) => ({ answer, className: "button" })),
  ];
}

/** One self-help step, rendered from the flow data; answers are plain form buttons. */
export async function StepView({ category, step, number, language, hasPrevious, headingId }: StepViewProps) {
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
      <form action={formAction(answerSelfHelpAction)} className="answers">
        <input type="hidden" name="category" value={category} />
        <input type="hidden" name="stepKey" value={step.key} />
        <fieldset>
          <legend>{t("answerLegend")}</legend>
          <div className="answer-buttons">
            {answerOrder(step).map(({ answer, className }) => (
              <button key={answer.value} type="submit" name="answer" value={answer.value} className={className}>
                {answer.label[language]}
              </button>
            ))}
          </div>
        </fieldset>
      </form>
      <div className="step-back">
        {hasPrevious ? (
          <form action={formAction(previousSelfHelpStepAction)}>
            <input type="hidden" name="category" value={category} />
            <input type="hidden" name="stepKey" value={step.key} />
            <button type="submit" className="link-button">
              {t("previousStep")}
            </button>
          </form>
        ) : (
          <Link href="/">{t("chooseAnother")}</Link>
        )}
      </div>
    </article>
  );
}
