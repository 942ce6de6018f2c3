import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { adminForPage } from "@/lib/server/auth/page-guard.ts";
import { AdminNav } from "./admin-nav.tsx";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const admin = await adminForPage("/agent/admin");
  const [t, shell] = await Promise.all([getTranslations("admin"), getTranslations("agent-shell")]);
  if (!admin) {
    return (
      <p className="form-alert" role="alert">
        {shell("adminOnly")}
      </p>
    );
  }
  return (
    <>
      <AdminNav
        label={t("sections")}
        links={[
          { href: "/agent/admin/agents", label: t("agents.title") },
          { href: "/agent/admin/canned-responses", label: t("canned.title") },
          { href: "/agent/admin/sla-targets", label: t("sla.title") },
        ]}
      />
      {children}
    </>
  );
}
