import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { SafetyNotice } from "@/components/safety-notice.tsx";
import { selfHelpProgress } from "@/lib/server/self-help/sessions.ts";
import { selfHelpSessionIdFromCookie } from "@/lib/server/self-help/session-cookie.ts";
import { categoryFromSlug, stepPath } from "@/lib/self-help/flows.ts";
import { startSelfHelpAction } from "../actions.ts";
import "../../intake.css";
import { formAction } from "@/lib/actions/action-result.ts";

export async function generateMetadata({ params }: { params: Promise<{ category: string }> }): Promise<Metadata> {
  const category = categoryFromSlug((await params).category);
  if (!category) return {};
  const t = await getTranslations("categories");
  return { title: t(`${category}.name`) };
}

type SelfHelpPageProps = { params: Promise<{ category: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The guided self-help of one category: how to begin, or go on; a step in progress has its own URL. */
export default async function SelfHelpPage({ params, searchParams }: SelfHelpPageProps) {
  const { category: slug } = await params;
  // Set by the actions when this client started or answered too often (rate limit).
  const busy = (await searchParams).busy === "1";
  const category = categoryFromSlug(slug);
  if (!category) notFound();
  const [t, categories] = await Promise.all([getTranslations("selfHelp"), getTranslations("categories")]);
  const sessionId = await selfHelpSessionIdFromCookie(category);
  const progress = sessionId ? await selfHelpProgress(sessionId, category) : null;
  // A session with a step waiting for an answer continues there, at the step's own URL.
  if (progress?.currentStepKey) redirect(`${stepPath(category, progress.currentStepKey)}${busy ? "?busy=1" : ""}`);
  const busyNotice = busy ? (
    <p className="notice notice-warning" role="alert">
      {t("busy")}
    </p>
  ) : null;

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
