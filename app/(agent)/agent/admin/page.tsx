import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { adminForPage } from "@/lib/server/auth/page-guard.ts";
import { AdminOnly } from "./admin-only.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("title") };
}

export default async function AdminPage() {
  if (!(await adminForPage("/agent/admin"))) return <AdminOnly />;
  const t = await getTranslations("admin");
  const sections = [
    { href: "/agent/admin/agents", title: t("agents.title"), description: t("overview.agents") },
    { href: "/agent/admin/canned-responses", title: t("canned.title"), description: t("overview.cannedResponses") },
    { href: "/agent/admin/sla-targets", title: t("sla.title"), description: t("overview.slaTargets") },
    { href: "/agent/admin/outbox", title: t("outbox.title"), description: t("overview.outbox") },
    { href: "/agent/admin/security", title: t("security.title"), description: t("overview.security") },
  ];
  return (
    <>
      <h1>{t("title")}</h1>
      {sections.map((section) => (
        <section key={section.href} className="panel">
          <h2>
            <Link href={section.href}>{section.title}</Link>
          </h2>
          <p>{section.description}</p>
        </section>
      ))}
    </>
  );
}
