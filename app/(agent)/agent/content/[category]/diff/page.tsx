import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { isLanguage } from "@/lib/i18n/locale.ts";
import { editorForPage } from "@/lib/server/auth/page-guard.ts";
import { contentRevision } from "@/lib/server/self-help/editor.ts";
import { categoryFromSlug } from "@/lib/self-help/flows.ts";
import { diffFlows, type TextPart } from "@/lib/self-help/revision-diff.ts";
import { UUID_PATTERN } from "@/lib/validation/identifiers.ts";
import { EditorsOnly } from "../../editors-only.tsx";
import "../../content.css";

type Props = { params: Promise<{ category: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("contentEditor"))("diffTitlePlain") };
}

function Parts({ parts }: { parts: TextPart[] }) {
  return (
    <span className="diff-text">
      {parts.map((part, index) =>
        part.change === "added" ? (
          <ins key={index}>{part.text}</ins>
        ) : part.change === "removed" ? (
          <del key={index}>{part.text}</del>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </span>
  );
}

/** What changed from one revision to another, step by step, words marked as removed and added. */
export default async function RevisionDiffPage({ params, searchParams }: Props) {
  const slug = (await params).category;
  const query = await searchParams;
  const [from, to] = [query.from, query.to];
  // The caller first: nothing about the address is answered to someone signed out.
  const editor = await editorForPage(`/agent/content/${encodeURIComponent(slug)}/diff?${new URLSearchParams({ from: String(from ?? ""), to: String(to ?? "") })}`);
  const category = categoryFromSlug(slug);
  if (!category || typeof from !== "string" || typeof to !== "string" || !UUID_PATTERN.test(from) || !UUID_PATTERN.test(to)) notFound();
  if (!editor) return <EditorsOnly />;
  const [before, after, t, locale] = await Promise.all([contentRevision(editor, category, from), contentRevision(editor, category, to), getTranslations("contentEditor"), getLocale()]);
  if (!before || !after) notFound();
  const language = isLanguage(locale) ? locale : "en";
  const diff = diffFlows(before, after, language);
  return (
    <>
      <p className="eyebrow">
        <Link href={`/agent/content/${slug}`}>{t("backToEditor")}</Link>
      </p>
      <h1>{t("diffTitle", { from: before.number, to: after.number })}</h1>
      {diff.firstStep ? (
        <p>
          {t("diff.firstStep")}: <Parts parts={diff.firstStep} />
        </p>
      ) : null}
      {diff.steps.length === 0 && !diff.firstStep ? <p>{t("diff.none")}</p> : null}
      {diff.steps.map((step) => (
        <section key={step.key} className={`panel diff-step diff-${step.change}`} aria-labelledby={`diff-${step.key}`}>
          <h2 id={`diff-${step.key}`}>
            {step.title} <code className="step-key">{step.key}</code> <span className="badge badge-muted">{t(`diff.${step.change}`)}</span>
          </h2>
          {step.fields.length ? (
            <dl className="diff-fields">
              {step.fields.map((field, index) => (
                <div key={index}>
                  <dt>
                    {t(`diff.fields.${field.field}`, { answer: field.answer ?? "" })}
                    {field.language ? ` (${t(`languages.${field.language}`)})` : ""}
                  </dt>
                  <dd lang={field.language}>
                    <Parts parts={field.parts} />
                  </dd>
                </div>
              ))}
            </dl>
          ) : null}
        </section>
      ))}
    </>
  );
}
