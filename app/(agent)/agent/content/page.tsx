import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { editorForPage } from "@/lib/server/auth/page-guard.ts";
import { contentOverview, type RevisionSummary } from "@/lib/server/self-help/editor.ts";
import { categorySlug } from "@/lib/self-help/flows.ts";
import { EditorsOnly } from "./editors-only.tsx";
import "./content.css";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("contentEditor"))("overviewTitle") };
}

/** Every category's self-help flow: which revision customers see, and any draft in progress. */
export default async function ContentOverviewPage() {
  const editor = await editorForPage("/agent/content");
  const t = await getTranslations("contentEditor");
  if (!editor) return <EditorsOnly />;
  const [rows, categories, format] = await Promise.all([contentOverview(editor), getTranslations("categories"), getFormatter()]);
  const when = (revision: RevisionSummary, at: Date | null, by: { name: string } | null) =>
    t("revisionBy", { number: revision.number, when: at ? format.dateTime(at, { dateStyle: "medium", timeStyle: "short" }) : "–", name: by?.name ?? t("system") });
  return (
    <>
      <h1>{t("overviewTitle")}</h1>
      <p className="field-hint">{t("overviewIntro")}</p>
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t("category")}</th>
              <th scope="col">{t("live")}</th>
              <th scope="col">{t("draft")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.category}>
                <th scope="row">
                  <Link href={`/agent/content/${categorySlug(row.category)}`}>{categories(`${row.category}.name`)}</Link>
                </th>
                <td>{row.live ? when(row.live, row.live.publishedAt, row.live.publishedBy) : "–"}</td>
                <td>{row.draft ? when(row.draft, row.draft.updatedAt, row.draft.updatedBy) : t("noDraft")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
