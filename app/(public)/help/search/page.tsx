import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { isLanguage } from "@/lib/i18n/locale.ts";
import { suggestSteps } from "@/lib/server/self-help/suggestions.ts";
import { stepPath } from "@/lib/self-help/flows.ts";
import { suggestionQuerySchema } from "@/lib/validation/self-help.ts";
import "../../intake.css";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("selfHelp.suggestions"))("resultsTitle") };
}

/** The start page's search without JavaScript: the same suggestions, as a page. */
export default async function SelfHelpSearchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { q } = await searchParams;
  const parsed = suggestionQuerySchema.safeParse({ q: typeof q === "string" ? q.slice(0, 500) : "" });
  const [t, locale] = await Promise.all([getTranslations("selfHelp.suggestions"), getLocale()]);
  const language = isLanguage(locale) ? locale : "en";
  const suggestions = parsed.success ? await suggestSteps(parsed.data.q, { language }) : [];
  return (
    <>
      <h1>{t("resultsTitle")}</h1>
      {suggestions.length ? (
        <ul className="suggestions">
          {suggestions.map((suggestion) => (
            <li key={suggestion.stepKey}>
              <a href={`${stepPath(suggestion.category, suggestion.stepKey)}?from=suggestion`}>
                <span className="suggestion-title">{suggestion.title}</span>
                <span className="suggestion-snippet">{suggestion.snippet}</span>
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("noResults")}</p>
      )}
      <p>
        <Link href="/">{t("backHome")}</Link>
      </p>
    </>
  );
}
