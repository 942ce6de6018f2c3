import { getTranslations } from "next-intl/server";
import { SOLVED, type SelfHelpStep } from "@/lib/self-help/types.ts";
import type { LanguageCode, TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";
import { answerSelfHelpAction } from "../actions.ts";
import { EmailTypoCheck } from "./email-typo-check.tsx";
import { formAction } from "@/lib/actions/action-result.ts";

type StepViewProps = { category: TicketCategoryCode; step: SelfHelpStep; number: number; language: LanguageCode };

/** One self-help step, rendered from the flow data; answers are plain form buttons. */
export async function StepView({ category, step, number, language }: StepViewProps) {
  const t = await getTranslations("selfHelp");
  return (
    <article className={step.urgent ? "step is-urgent" : "step"} aria-labelledby="step-title">
      <p className="step-number">{t("stepNumber", { number })}</p>
      {step.urgent ? (
        <p className="urgent-label" role="alert">
          {t("urgent")}
        </p>
      ) : null}
      <h1 id="step-title">{step.title[language]}</h1>
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
            {step.answers.map((answer) => (
              <button
                key={answer.value}
                type="submit"
                name="answer"
                value={answer.value}
                className={answer.value === SOLVED ? "button button-success" : "button"}
              >
                {answer.label[language]}
              </button>
            ))}
          </div>
        </fieldset>
      </form>
    </article>
  );
}
