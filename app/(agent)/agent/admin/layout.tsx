import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { adminForPage } from "@/lib/server/auth/page-guard.ts";
import { AdminNav } from "./admin-nav.tsx";
import { AdminOnly } from "./admin-only.tsx";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const admin = await adminForPage("/agent/admin");
  if (!admin) return <AdminOnly />;
  const t = await getTranslations("admin");
  return (
    <>
      <AdminNav
        label={t("sections")}
        links={[
          { href: "/agent/admin/agents", label: t("agents.title") },
          { href: "/agent/admin/canned-responses", label: t("canned.title") },
          { href: "/agent/admin/sla-targets", label: t("sla.title") },
          { href: "/agent/admin/outbox", label: t("outbox.title") },
          { href: "/agent/admin/security", label: t("security.title") },
        ]}
      />
      {children}
    </>
  );
}
