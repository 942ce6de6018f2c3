import { getLocale, getTranslations } from "next-intl/server";
import { LANGUAGES } from "@/lib/validation/ticket-choices.ts";
import { setLocaleAction } from "@/lib/server/i18n/set-locale-action.ts";
import { formAction } from "@/lib/actions/action-result.ts";

/** A plain form, so switching works before (and without) JavaScript. */
export async function LanguageSwitcher() {
  const [locale, t] = await Promise.all([getLocale(), getTranslations("common")]);
  return (
    <form action={formAction(setLocaleAction)} className="language-switcher" aria-label={t("language")}>
      {LANGUAGES.map((language) => (
        <button
          key={language}
          type="submit"
          name="locale"
          value={language}
          lang={language}
          aria-pressed={language === locale}
          aria-label={t("switchTo", { language: t(`languageNames.${language}`) })}
          className={language === locale ? "language-option is-current" : "language-option"}
        >
          {t(`languageNames.${language}`)}
        </button>
      ))}
    </form>
  );
}
