import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { listCannedResponses } from "@/lib/server/admin/canned-responses.ts";
import { adminForPage } from "@/lib/server/auth/page-guard.ts";
import { AdminOnly } from "../admin-only.tsx";
import { CannedResponseForm } from "./canned-response-form.tsx";
import { CannedResponseToggle } from "./canned-response-toggle.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("canned.title") };
}

export default async function CannedResponsesPage() {
  const admin = await adminForPage("/agent/admin/canned-responses");
  if (!admin) return <AdminOnly />;
  const [responses, t] = await Promise.all([listCannedResponses(admin), getTranslations("admin")]);
  return (
    <>
      <h1>{t("canned.title")}</h1>
      {responses.length === 0 ? (
        <p>{t("canned.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">{t("canned.listCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("canned.titleField")}</th>
                <th scope="col">{t("canned.category")}</th>
                <th scope="col">{t("canned.language")}</th>
                <th scope="col">{t("canned.status")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("canned.edit")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {responses.map((response) => (
                <tr key={response.id} data-testid={`canned-row-${response.title}`}>
                  <th scope="row">{response.title}</th>
                  <td>{t(`categories.${response.category ?? "ALL"}`)}</td>
                  <td>{t(`languages.${response.language}`)}</td>
                  <td>{response.active ? t("canned.active") : t("canned.inactive")}</td>
                  <td>
                    <div className="form-row">
                      <Link className="button button-secondary button-small" href={`/agent/admin/canned-responses/${response.id}`}>
                        {t("canned.edit")}
                      </Link>
                      <CannedResponseToggle id={response.id} active={response.active} />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section className="panel" aria-labelledby="new-canned-title">
        <h2 id="new-canned-title">{t("canned.createTitle")}</h2>
        <CannedResponseForm />
      </section>
    </>
  );
}
