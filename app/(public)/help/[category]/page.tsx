import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { SafetyNotice } from "@/components/safety-notice.tsx";
import { isLanguage } from "@/lib/i18n/locale.ts";
import { selfHelpProgress } from "@/lib/server/self-help/sessions.ts";
import { selfHelpSessionIdFromCookie } from "@/lib/server/self-help/session-cookie.ts";
import { categoryFromSlug, findStep } from "@/lib/self-help/flows.ts";
import { startSelfHelpAction } from "../actions.ts";
import { StepView } from "./step-view.tsx";
import "../../intake.css";
import { formAction } from "@/lib/actions/action-result.ts";

export async function generateMetadata({ params }: { params: Promise<{ category: string }> }): Promise<Metadata> {
  const category = categoryFromSlug((await params).category);
  if (!category) return {};
  const t = await getTranslations("categories");
  return { title: t(`${category}.name`) };
}

type SelfHelpPageProps = { params: Promise<{ category: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The guided self-help of one category: the step on screen, or how to begin or go on. */
export default async function SelfHelpPage({ params, searchParams }: SelfHelpPageProps) {
  const { category: slug } = await params;
  // Set by the actions when this client started or answered too often (rate limit).
  const busy = (await searchParams).busy === "1";
  const category = categoryFromSlug(slug);
  if (!category) notFound();
  const [t, categories, locale] = await Promise.all([getTranslations("selfHelp"), getTranslations("categories"), getLocale()]);
  const language = isLanguage(locale) ? locale : "en";
  const sessionId = await selfHelpSessionIdFromCookie(category);
  const progress = sessionId ? await selfHelpProgress(sessionId, category) : null;
  const step = progress?.currentStepKey ? findStep(category, progress.currentStepKey) : undefined;
  const busyNotice = busy ? (
    <p className="notice notice-warning" role="alert">
      {t("busy")}
    </p>
  ) : null;

  if (progress && step) {
    return (
      <>
        <p className="eyebrow">{categories(`${category}.name`)}</p>
        {busyNotice}
        <StepView category={category} step={step} number={progress.stepsShown} language={language} />
        <SafetyNotice />
      </>
    );
  }

  const restart = (
    <form action={formAction(startSelfHelpAction)}>
      <input type="hidden" name="category" value={category} />
      <button type="submit" className={progress?.readyForTicket ? "button" : "button button-primary"}>
        {progress?.readyForTicket ? t("startOver") : t("start")}
      </button>
    </form>
  );
  return (
    <>
      <p className="eyebrow">{categories(`${category}.name`)}</p>
      {busyNotice}
      {progress?.readyForTicket ? (
        <>
          <h1>{t("finishedTitle")}</h1>
          <p>{t("finishedText")}</p>
          <div className="actions">
            <Link className="button button-primary" href={`/help/${slug}/request`}>
              {t("continueToForm")}
            </Link>
            {restart}
          </div>
        </>
      ) : (
        <>
          <h1>{categories(`${category}.name`)}</h1>
          <p className="lead">{categories(`${category}.description`)}</p>
          <p>{t("introText")}</p>
          <div className="actions">{restart}</div>
        </>
      )}
      <SafetyNotice />
    </>
  );
}
