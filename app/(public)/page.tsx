import { getTranslations } from "next-intl/server";
import { SafetyNotice } from "@/components/safety-notice.tsx";
import { SuggestionSearch } from "@/components/self-help/suggestions.tsx";
import { TICKET_CATEGORIES } from "@/lib/validation/ticket-choices.ts";
import { startSelfHelpAction } from "./help/actions.ts";
import "./intake.css";
import { formAction } from "@/lib/actions/action-result.ts";

export default async function HomePage() {
  const [t, categories] = await Promise.all([getTranslations("home"), getTranslations("categories")]);
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <SafetyNotice />
      <h2 id="whats-wrong">{t("whatsWrong")}</h2>
      <p>{t("chooseHint")}</p>
      <ul className="category-list" aria-labelledby="whats-wrong">
        {TICKET_CATEGORIES.map((category) => (
          <li key={category}>
            {/* A form, not a link: starting a flow creates its session, and it works without JavaScript. */}
            <form action={formAction(startSelfHelpAction)}>
              <input type="hidden" name="category" value={category} />
              <button type="submit" className="category-card">
                <span className="category-name">{categories(`${category}.name`)}</span>
                <span className="category-description">{categories(`${category}.description`)}</span>
              </button>
            </form>
          </li>
        ))}
      </ul>
      <SuggestionSearch />
    </>
  );
}
