import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
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
import { TicketForm, type CountryOption } from "./ticket-form.tsx";
import "../../../intake.css";

export async function generateMetadata({ params }: { params: Promise<{ category: string }> }): Promise<Metadata> {
  const category = categoryFromSlug((await params).category);
  if (!category) return {};
  const [t, categories] = await Promise.all([getTranslations("ticketForm"), getTranslations("categories")]);
  return { title: t("title", { category: categories(`${category}.name`) }) };
}

function countryOptions(language: LanguageCode): CountryOption[] {
  const names = new Intl.DisplayNames([language], { type: "region" });
  return COUNTRY_CODES.map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) =>
    a.name.localeCompare(b.name, language),
  );
}

/** The ticket form of one category, carrying over what the self-help session established. */
export default async function TicketRequestPage({ params }: { params: Promise<{ category: string }> }) {
  const category = categoryFromSlug((await params).category);
  if (!category) notFound();
  const [t, categories, locale] = await Promise.all([getTranslations("ticketForm"), getTranslations("categories"), getLocale()]);
  const language = isLanguage(locale) ? locale : "en";
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
        prefill={context?.prefill ?? {}}
        countries={category === "SMS" ? countryOptions(language) : []}
        screenshotPicker={<ScreenshotPicker backend={activeStorageBackend()} />}
      />
    </>
  );
}
