import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { SafetyNotice } from "@/components/safety-notice.tsx";
import { ScreenshotPicker } from "@/components/screenshot-picker/screenshot-picker.tsx";
import { isLanguage } from "@/lib/i18n/locale.ts";
import { activeStorageBackend } from "@/lib/server/attachments/storage/config.ts";
import { describeRecordedSteps } from "@/lib/server/self-help/content.ts";
import { selfHelpTicketContext } from "@/lib/server/self-help/sessions.ts";
import { selfHelpSessionIdFromCookie } from "@/lib/server/self-help/session-cookie.ts";
import { categoryFromSlug } from "@/lib/self-help/flows.ts";
import { COUNTRY_CODES } from "@/lib/validation/country-codes.ts";
import type { LanguageCode } from "@/lib/validation/ticket-choices.ts";
import { TicketForm, type CountryChoices, type CountryOption } from "./ticket-form.tsx";
import "../../../intake.css";

export async function generateMetadata({ params }: { params: Promise<{ category: string }> }): Promise<Metadata> {
  const category = categoryFromSlug((await params).category);
  if (!category) return {};
  const [t, categories] = await Promise.all([getTranslations("ticketForm"), getTranslations("categories")]);
  return { title: t("title", { category: categories(`${category}.name`) }) };
}

/**
 * The visitor's country as far as the request tells: Japan for Japanese visitors (the desk's own
 * market), otherwise the region of the browser's first language with one (en-US → US).
 */
function homeCountryOf(language: LanguageCode, acceptLanguage: string | null): string | undefined {
  if (language === "ja") return "JP";
  const region = (acceptLanguage ?? "")
    .split(",")
    .map((tag) => /^[a-z]{2,3}-([a-z]{2})\b/i.exec(tag.trim())?.[1]?.toUpperCase())
    .find((code) => code !== undefined);
  return region && (COUNTRY_CODES as readonly string[]).includes(region) ? region : undefined;
}

function countryChoices(language: LanguageCode, homeCountry: string | undefined): CountryChoices {
  const names = new Intl.DisplayNames([language], { type: "region" });
  const option = (code: string): CountryOption => ({ code, name: names.of(code) ?? code });
  const likely = [...new Set([homeCountry, "JP"].filter((code) => code !== undefined))].map(option);
  return { likely, all: COUNTRY_CODES.map(option).sort((a, b) => a.name.localeCompare(b.name, language)) };
}

/** The ticket form of one category, carrying over what the self-help session established. */
export default async function TicketRequestPage({ params }: { params: Promise<{ category: string }> }) {
  const category = categoryFromSlug((await params).category);
  if (!category) notFound();
  const [t, categories, locale, requestHeaders] = await Promise.all([getTranslations("ticketForm"), getTranslations("categories"), getLocale(), headers()]);
  const language = isLanguage(locale) ? locale : "en";
  const homeCountry = category === "SMS" ? homeCountryOf(language, requestHeaders.get("accept-language")) : undefined;
  const sessionId = await selfHelpSessionIdFromCookie(category);
  const context = sessionId ? await selfHelpTicketContext(sessionId, category) : null;
  const described = context ? await describeRecordedSteps(category, context.stepsTried, language) : [];
  const stepsTried = [...new Map(described.map((step) => [step.stepKey, step])).values()];

  return (
    <>
      <h1>{t("title", { category: categories(`${category}.name`) })}</h1>
      <p>{t("intro")}</p>
      <SafetyNotice />
      {stepsTried.length ? (
        <section className="steps-tried" aria-labelledby="steps-tried-title">
          <h2 id="steps-tried-title">{t("stepsTriedTitle")}</h2>
          <p>{t("stepsTriedNote")}</p>
          <ol>
            {stepsTried.map((step) => (
              <li key={step.stepKey}>{step.title}</li>
            ))}
          </ol>
        </section>
      ) : null}
      <TicketForm
        category={category}
        defaultLanguage={language}
        idempotencyKey={randomUUID()}
        selfHelpSessionId={context?.sessionId}
        prefill={{ ...(homeCountry ? { currentCountry: homeCountry } : {}), ...context?.prefill }}
        countries={category === "SMS" ? countryChoices(language, homeCountry) : { likely: [], all: [] }}
        homeCountry={homeCountry}
        screenshotPicker={<ScreenshotPicker backend={activeStorageBackend()} />}
      />
    </>
  );
}
