import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { orderedAnswers } from "@/components/self-help/step-view.tsx";
import { formAction } from "@/lib/actions/action-result.ts";
import type { SelfHelpStep } from "@/lib/self-help/types.ts";
import type { LanguageCode, TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";
import { answerSelfHelpAction, previousSelfHelpStepAction } from "../../../actions.ts";

type StepAnswersProps = {
  category: TicketCategoryCode;
  step: SelfHelpStep;
  language: LanguageCode;
  /** Whether the path has a step before this one ("previous step" goes back to it); else the start page. */
  hasPrevious: boolean;
};

/** A step's answers as plain form buttons (they work without JavaScript), and "previous step". */
export async function StepAnswers({ category, step, language, hasPrevious }: StepAnswersProps) {
  const t = await getTranslations("selfHelp");
  return (
    <>
      <form action={formAction(answerSelfHelpAction)} className="answers">
        <input type="hidden" name="category" value={category} />
        <input type="hidden" name="stepKey" value={step.key} />
        <fieldset>
          <legend>{t("answerLegend")}</legend>
          <div className="answer-buttons">
            {orderedAnswers(step).map(({ answer, className }) => (
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
    </>
  );
}
