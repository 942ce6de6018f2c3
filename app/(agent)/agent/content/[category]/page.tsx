import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { isLanguage } from "@/lib/i18n/locale.ts";
import { editorForPage } from "@/lib/server/auth/page-guard.ts";
import { contentEditorView, stepFigures, type RevisionSummary, type StepFigures } from "@/lib/server/self-help/editor.ts";
import { describeIssue } from "@/lib/self-help/flow-checks.ts";
import { categoryFromSlug, categorySlug } from "@/lib/self-help/flows.ts";
import type { SelfHelpStep } from "@/lib/self-help/types.ts";
import { ActionButton } from "../action-button.tsx";
import { discardDraftAction, markCheckedAction, removeStepAction, rollbackAction, startDraftAction } from "../actions.ts";
import { EditorsOnly } from "../editors-only.tsx";
import { AddStepForm } from "./add-step-form.tsx";
import { PublishButton } from "./publish-button.tsx";
import { StepEditor } from "./step-editor.tsx";
import "../content.css";

type Props = { params: Promise<{ category: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const category = categoryFromSlug((await params).category);
  if (!category) return {};
  const [t, categories] = await Promise.all([getTranslations("contentEditor"), getTranslations("categories")]);
  return { title: t("title", { category: categories(`${category}.name`) }) };
}

/** The path of a step's preview: the revision's step as a customer's phone shows it. */
function previewPath(slug: string, revisionId: string, stepKey: string): string {
  return `/agent/content/${slug}/preview/${stepKey.slice(slug.length + 1)}?revision=${revisionId}`;
}

/**
 * A category's self-help flow in the editor: the draft's steps in Japanese and English side by
 * side with each step's figures for the live and the previous revision, the publish checks, a
 * phone preview, publishing, and the history with diffs and rollback.
 */
export default async function ContentEditorPage({ params }: Props) {
  const slug = (await params).category;
  // The caller first: nothing about the address is answered to someone signed out.
  const editor = await editorForPage(`/agent/content/${encodeURIComponent(slug)}`);
  const category = categoryFromSlug(slug);
  if (!category) notFound();
  if (!editor) return <EditorsOnly />;
  const [view, t, categories, format, locale] = await Promise.all([
    contentEditorView(editor, category),
    getTranslations("contentEditor"),
    getTranslations("categories"),
    getFormatter(),
    getLocale(),
  ]);
  const language = isLanguage(locale) ? locale : "en";
  const published = view.history.filter((revision) => revision.state === "PUBLISHED");
  const live = published.find((revision) => revision.live)!;
  const previous = published.find((revision) => revision.number < live.number) ?? null;
  const figures = await stepFigures(editor, category, [live.id, ...(previous ? [previous.id] : [])]);
  const draft = view.draft;
  const shown = draft?.flow ?? view.live;
  const time = (at: Date | null) => (at ? format.dateTime(at, { dateStyle: "medium", timeStyle: "short" }) : "–");
  const name = (who: { name: string } | null) => who?.name ?? t("system");
  const problems = draft?.issues.map((issue) => describeIssue(t, issue)) ?? [];

  return (
    <>
      <p className="eyebrow">
        <Link href="/agent/content">{t("overviewTitle")}</Link>
      </p>
      <h1>{t("title", { category: categories(`${category}.name`) })}</h1>
      <p data-testid="live-revision">{t("liveRevision", { number: live.number, when: time(live.publishedAt), name: name(live.publishedBy) })}</p>

      <div className="content-layout">
        <div className="content-main">
          <section className="panel" aria-labelledby="draft-title">
            <h2 id="draft-title">{t("draft")}</h2>
            {draft ? (
              <>
                <p>{t("draftBy", { number: draft.summary.number, when: time(draft.summary.updatedAt), name: name(draft.summary.updatedBy) })}</p>
                <section aria-labelledby="checks-title" data-testid="checks">
                  <h3 id="checks-title">{t("checksTitle")}</h3>
                  {problems.length ? (
                    <ul className="checks">
                      {problems.map((problem) => (
                        <li key={problem}>{problem}</li>
                      ))}
                    </ul>
                  ) : (
                    <p className="form-success">{t("checksPassed")}</p>
                  )}
                </section>
                <div className="form-row">
                  <PublishButton category={category} version={draft.version} />
                  <Link className="button" href={`/agent/content/${slug}/diff?from=${live.id}&to=${draft.flow.revisionId}`}>
                    {t("compareWithLive")}
                  </Link>
                  <ActionButton action={discardDraftAction} input={{ category }} label={t("discard")} confirm={t("discardConfirm")} className="button button-secondary" />
                </div>
              </>
            ) : (
              <>
                <p>{t("noDraftHint")}</p>
                <ActionButton action={startDraftAction} input={{ category }} label={t("startDraft")} className="button button-primary" />
              </>
            )}
          </section>

          {shown.steps.map((step) => (
            <StepSection
              key={step.key}
              step={step}
              language={language}
              first={step.key === shown.firstStep}
              figures={[
                { label: t("figuresLive", { number: live.number }), values: figures.get(live.id)?.get(step.key) },
                ...(previous ? [{ label: t("figuresPrevious", { number: previous.number }), values: figures.get(previous.id)?.get(step.key) }] : []),
              ]}
              preview={previewPath(slug, shown.revisionId, step.key)}
            >
              {draft ? (
                <>
                  {(["ja", "en"] as const).map((each) =>
                    draft.needsUpdate[step.key]?.[each] ? (
                      <ActionButton
                        key={each}
                        action={markCheckedAction}
                        input={{ category, stepKey: step.key, language: each }}
                        label={t("markChecked", { language: t(`languages.${each}`) })}
                        className="button button-secondary"
                      />
                    ) : null,
                  )}
                  <StepEditor
                    category={category}
                    step={step}
                    needsUpdate={draft.needsUpdate[step.key] ?? {}}
                    version={draft.version}
                    targets={shown.steps.filter((target) => target.key !== step.key).map((target) => ({ key: target.key, title: target.title[language] }))}
                  />
                  <ActionButton
                    action={removeStepAction}
                    input={{ category, stepKey: step.key }}
                    label={t("removeStep")}
                    confirm={t("removeStepConfirm", { key: step.key })}
                    className="button button-secondary"
                  />
                </>
              ) : null}
            </StepSection>
          ))}

          {draft ? (
            <section className="panel">
              <AddStepForm category={category} keyPrefix={`${categorySlug(category)}.`} />
            </section>
          ) : null}

          <History slug={slug} category={category} history={view.history} time={time} name={name} />
        </div>

        <aside className="content-preview" aria-labelledby="preview-title">
          <h2 id="preview-title">{t("previewTitle")}</h2>
          <p className="field-hint">{t("previewHint")}</p>
          <iframe
            name="phone-preview"
            title={t("previewFrame")}
            className="phone-frame"
            src={previewPath(slug, shown.revisionId, shown.firstStep)}
            width={390}
            height={720}
          />
        </aside>
      </div>
    </>
  );
}

type StepSectionProps = {
  step: SelfHelpStep;
  language: "ja" | "en";
  first: boolean;
  figures: { label: string; values: StepFigures | undefined }[];
  preview: string;
  children: ReactNode;
};

async function StepSection({ step, language, first, figures, preview, children }: StepSectionProps) {
  const t = await getTranslations("contentEditor");
  const headingId = `step-${step.key}`.replace(/[^A-Za-z0-9_-]/g, "-");
  return (
    <section className="panel content-step" aria-labelledby={headingId} data-step={step.key}>
      <h2 id={headingId}>
        {step.title[language]} <code className="step-key">{step.key}</code>
        {first ? <span className="badge badge-muted"> {t("firstStep")}</span> : null}
        {step.urgent ? <span className="badge badge-warning"> {t("urgent")}</span> : null}
      </h2>
      <table className="data-table step-figures" aria-label={t("figuresTitle", { key: step.key })}>
        <thead>
          <tr>
            <th scope="col">{t("figures.revision")}</th>
            <th scope="col" className="numeric">{t("figures.reached")}</th>
            <th scope="col" className="numeric">{t("figures.solved")}</th>
            <th scope="col" className="numeric">{t("figures.continued")}</th>
            <th scope="col" className="numeric">{t("figures.abandoned")}</th>
          </tr>
        </thead>
        <tbody>
          {figures.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              <td className="numeric">{row.values?.reached ?? 0}</td>
              <td className="numeric">{row.values?.solved ?? 0}</td>
              <td className="numeric">{row.values?.continued ?? 0}</td>
              <td className="numeric">{row.values?.abandoned ?? 0}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <a href={preview} target="phone-preview">
          {t("previewStep", { key: step.key })}
        </a>
      </p>
      {children}
    </section>
  );
}

type HistoryProps = {
  slug: string;
  category: Parameters<typeof rollbackAction>[0]["category"];
  history: RevisionSummary[];
  time: (at: Date | null) => string;
  name: (who: { name: string } | null) => string;
};

/** Every revision, newest first: who made and published it when, a diff with the one before, rollback. */
async function History({ slug, category, history, time, name }: HistoryProps) {
  const t = await getTranslations("contentEditor");
  return (
    <section className="panel" aria-labelledby="history-title">
      <h2 id="history-title">{t("historyTitle")}</h2>
      <div className="table-scroll">
        <table className="data-table" data-testid="history">
          <thead>
            <tr>
              <th scope="col">{t("history.revision")}</th>
              <th scope="col">{t("history.state")}</th>
              <th scope="col">{t("history.created")}</th>
              <th scope="col">{t("history.published")}</th>
              <th scope="col">{t("history.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {history.map((revision, index) => {
              const before = history.slice(index + 1).find((candidate) => candidate.state === "PUBLISHED");
              return (
                <tr key={revision.id}>
                  <th scope="row">
                    #{revision.number}
                    {revision.note?.startsWith("rollback:") ? <span className="field-hint"> {t("history.rollbackOf", { number: revision.note.slice("rollback:".length) })}</span> : null}
                  </th>
                  <td>{revision.live ? t("history.live") : t(`history.states.${revision.state}`)}</td>
                  <td>{t("history.by", { when: time(revision.createdAt), name: name(revision.createdBy) })}</td>
                  <td>{revision.publishedAt ? t("history.by", { when: time(revision.publishedAt), name: name(revision.publishedBy) }) : "–"}</td>
                  <td className="history-actions">
                    {before ? (
                      <Link href={`/agent/content/${slug}/diff?from=${before.id}&to=${revision.id}`}>{t("history.diff", { number: before.number })}</Link>
                    ) : null}
                    {revision.state === "PUBLISHED" && !revision.live ? (
                      <ActionButton
                        action={rollbackAction}
                        input={{ category, revisionId: revision.id }}
                        label={t("history.rollback", { number: revision.number })}
                        confirm={t("history.rollbackConfirm", { number: revision.number })}
                        className="button button-secondary"
                      />
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
