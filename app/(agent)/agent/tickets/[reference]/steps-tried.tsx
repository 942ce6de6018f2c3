import { getTranslations } from "next-intl/server";
import type { AgentTicketView } from "@/lib/server/tickets/agent-view.ts";
import { describeRecordedSteps } from "@/lib/server/self-help/content.ts";
import type { LanguageCode } from "@/lib/validation/ticket-choices.ts";

/** The self-help steps the customer already went through, so nobody asks them again. */
export async function StepsTried({ ticket, language }: { ticket: AgentTicketView; language: LanguageCode }) {
  const t = await getTranslations("ticket.steps");
  const category = ticket.selfHelpCategory ?? ticket.category;
  const steps = await describeRecordedSteps(category, ticket.stepsTried, language);
  return (
    <section className="panel ticket-steps" aria-labelledby="ticket-steps-title">
      <h2 id="ticket-steps-title">{t("heading")}</h2>
      {steps.length === 0 ? (
        <p className="muted">{t("none")}</p>
      ) : (
        <ol className="steps-tried" data-testid="steps-tried">
          {steps.map((step) => (
            <li key={step.position}>
              <span className="step-title">{step.title}</span>
              <span className="step-answer">{step.answerLabel ?? t("unanswered")}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
