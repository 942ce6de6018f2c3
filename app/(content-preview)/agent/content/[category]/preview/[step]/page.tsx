import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { SafetyNotice } from "@/components/safety-notice.tsx";
import { orderedAnswers, StepView } from "@/components/self-help/step-view.tsx";
import { isLanguage } from "@/lib/i18n/locale.ts";
import { editorForPage } from "@/lib/server/auth/page-guard.ts";
import { contentRevision } from "@/lib/server/self-help/editor.ts";
import { categoryFromSlug, findStep, stepKeyFromPath } from "@/lib/self-help/flows.ts";
import { SOLVED, TO_TICKET } from "@/lib/self-help/types.ts";
import { UUID_PATTERN } from "@/lib/validation/identifiers.ts";
import "@/app/(public)/intake.css";

type Props = { params: Promise<{ category: string; step: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export const metadata: Metadata = { robots: { index: false } };

/**
 * One step of a revision (the draft, usually) as a customer's phone shows it, for the editor's
 * preview frame. Answers are links to the step they lead to, so the editor can walk the draft;
 * nothing is recorded.
 */
export default async function ContentPreviewPage({ params, searchParams }: Props) {
  const { category: slug, step: segment } = await params;
  const { revision, end } = await searchParams;
  // The caller first: nothing about the address is answered to someone signed out.
  const editor = await editorForPage(`/agent/content/${encodeURIComponent(slug)}`);
  const category = categoryFromSlug(slug);
  if (!category || typeof revision !== "string" || !UUID_PATTERN.test(revision)) notFound();
  const t = await getTranslations("contentEditor");
  if (!editor) {
    return (
      <p className="notice notice-warning" role="alert">
        {t("editorsOnly")}
      </p>
    );
  }
  const [flow, categories, locale] = await Promise.all([contentRevision(editor, category, revision), getTranslations("categories"), getLocale()]);
  const step = findStep(flow ?? undefined, stepKeyFromPath(category, decodeURIComponent(segment)));
  if (!flow || !step) notFound();
  const language = isLanguage(locale) ? locale : "en";
  const href = (to: string, ending?: string) =>
    `/agent/content/${slug}/preview/${to.slice(slug.length + 1)}?revision=${revision}${ending ? `&end=${ending}` : ""}`;
  return (
    <>
      <p className="notice" role="status">
        {end === "solved" ? t("previewEndSolved") : end === "ticket" ? t("previewEndTicket") : t("previewBanner", { number: flow.number })}
      </p>
      <p className="eyebrow">{categories(`${category}.name`)}</p>
      <StepView step={step} number={null} language={language} headingId="step-title">
        <div className="answers">
          <div className="answer-buttons">
            {orderedAnswers(step).map(({ answer, className }) => (
              <a
                key={answer.value}
                className={className}
                href={answer.value === SOLVED ? href(step.key, "solved") : !answer.next || answer.next === TO_TICKET ? href(step.key, "ticket") : href(answer.next)}
              >
                {answer.label[language]}
              </a>
            ))}
          </div>
        </div>
      </StepView>
      <SafetyNotice />
    </>
  );
}
