import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { listSlaTargets } from "@/lib/server/admin/sla-targets.ts";
import { adminForPage } from "@/lib/server/auth/page-guard.ts";
import { AdminOnly } from "../admin-only.tsx";
import { SlaTargetsForm } from "./sla-targets-form.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("sla.title") };
}

export default async function SlaTargetsPage() {
  const admin = await adminForPage("/agent/admin/sla-targets");
  if (!admin) return <AdminOnly />;
  const [targets, t] = await Promise.all([listSlaTargets(admin), getTranslations("admin")]);
  return (
    <>
      <h1>{t("sla.title")}</h1>
      <p className="lead">{t("sla.intro")}</p>
      <p className="safety-notice" id="sla-applies-to-new">
        {t("sla.appliesToNew")}
      </p>
      <section className="panel">
        <SlaTargetsForm
          targets={targets.map((target) => ({ ...target, updatedAt: target.updatedAt?.toISOString() ?? null }))}
        />
      </section>
    </>
  );
}
