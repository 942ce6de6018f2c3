import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors.ts";
import { getCannedResponse } from "@/lib/server/admin/canned-responses.ts";
import { adminForPage } from "@/lib/server/auth/page-guard.ts";
import { AdminOnly } from "../../admin-only.tsx";
import { CannedResponseForm } from "../canned-response-form.tsx";
import { UUID_PATTERN } from "@/lib/validation/identifiers.ts";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("canned.editTitle") };
}


export default async function EditCannedResponsePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const admin = await adminForPage(`/agent/admin/canned-responses/${encodeURIComponent(id)}`);
  if (!admin) return <AdminOnly />;
  if (!UUID_PATTERN.test(id)) notFound();
  const response = await getCannedResponse(admin, id).catch((error) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const t = await getTranslations("admin");
  return (
    <>
      <p>
        <Link href="/agent/admin/canned-responses">{t("canned.back")}</Link>
      </p>
      <h1>{t("canned.editTitle")}</h1>
      <section className="panel">
        <CannedResponseForm
          existing={{ id: response.id, category: response.category ?? "ALL", language: response.language, title: response.title, body: response.body }}
        />
      </section>
    </>
  );
}
