import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { SafetyNotice } from "@/components/safety-notice.tsx";
import { isLanguage } from "@/lib/i18n/locale.ts";
import { publishedFlow } from "@/lib/server/self-help/content.ts";
import { flowForStep, selfHelpProgress } from "@/lib/server/self-help/sessions.ts";
import { selfHelpSessionIdFromCookie } from "@/lib/server/self-help/session-cookie.ts";
import { categoryFromSlug, findStep, stepKeyFromPath } from "@/lib/self-help/flows.ts";
import type { TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";
import { StepView } from "@/components/self-help/step-view.tsx";
import { StepAnswers } from "./step-answers.tsx";
import { StepArrival } from "./step-arrival.tsx";
import "../../../../intake.css";

type StepPageProps = {
  params: Promise<{ category: string; step: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** The category and step key the URL names (whether the step exists is the flow's business). */
async function addressed(params: StepPageProps["params"]): Promise<{ category: TicketCategoryCode; key: string } | null> {
  const { category: slug, step: segment } = await params;
  const category = categoryFromSlug(slug);
  return category ? { category, key: stepKeyFromPath(category, decodeURIComponent(segment)) } : null;
}

export async function generateMetadata({ params }: StepPageProps): Promise<Metadata> {
  const found = await addressed(params);
  if (!found) return {};
  const [locale, flow] = await Promise.all([getLocale(), publishedFlow(found.category)]);
  const step = findStep(flow, found.key);
  return step ? { title: step.title[isLanguage(locale) ? locale : "en"] } : {};
}

/**
 * One step at its own URL, so Back and Forward, bookmarks, shared links and a refresh all show
 * the step the address names, in the published revision (or, for a step it no longer has, the
 * one the visitor was shown it from). The recorded path follows what is on screen (StepArrival);
 * the number and "previous step" come from the path as it is now.
 */
export default async function SelfHelpStepPage({ params, searchParams }: StepPageProps) {
  const found = await addressed(params);
  if (!found) notFound();
  const { category, key } = found;
  const query = await searchParams;
  // Set by the actions when this client started or answered too often (rate limit).
  const busy = query.busy === "1";
  const [t, categories, locale] = await Promise.all([getTranslations("selfHelp"), getTranslations("categories"), getLocale()]);
  const language = isLanguage(locale) ? locale : "en";
  const sessionId = await selfHelpSessionIdFromCookie(category);
  const path = (sessionId ? await selfHelpProgress(sessionId, category) : null)?.path ?? [];
  const step = findStep((await flowForStep(category, key, path)) ?? undefined, key);
  if (!step) notFound();
  const index = path.findLastIndex((row) => row.stepKey === key);
  const number = index === -1 ? (path.length ? path.length + 1 : null) : index + 1;
  const headingId = "step-title";
  return (
    <>
      <p className="eyebrow">{categories(`${category}.name`)}</p>
      {busy ? (
        <p className="notice notice-warning" role="alert">
          {t("busy")}
        </p>
      ) : null}
      <StepView step={step} number={number} language={language} headingId={headingId}>
        <StepAnswers category={category} step={step} language={language} hasPrevious={index !== 0 && path.length > 0} />
      </StepView>
      <StepArrival
        category={category}
        stepKey={key}
        headingId={headingId}
        announcement={number === null ? step.title[language] : t("stepAnnouncement", { number, title: step.title[language] })}
        fromSuggestion={query.from === "suggestion"}
      />
      <SafetyNotice />
    </>
  );
}
