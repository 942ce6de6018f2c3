import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { readSecurityPolicy } from "@/lib/server/admin/security-policy.ts";
import { adminForPage } from "@/lib/server/auth/page-guard.ts";
import { settings } from "@/lib/server/config/settings.ts";
import { AdminOnly } from "../admin-only.tsx";
import { SecurityPolicyForm } from "./security-policy-form.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("security.title") };
}

/** Admin -> Security: the MFA policy, and how single sign-on is configured (README "Agent sign-in"). */
export default async function SecurityPage() {
  const admin = await adminForPage("/agent/admin/security");
  if (!admin) return <AdminOnly />;
  const [policy, t] = await Promise.all([readSecurityPolicy(admin), getTranslations("admin")]);
  const config = settings();
  return (
    <>
      <h1>{t("security.title")}</h1>
      <p className="lead">{t("security.intro")}</p>
      <SecurityPolicyForm policy={policy} />
      <section className="panel" aria-labelledby="sso-title">
        <h2 id="sso-title">{t("security.sso")}</h2>
        {config.OIDC ? (
          <ul>
            <li>{t("security.ssoOn", { issuer: config.OIDC.issuer })}</li>
            {config.SSO_ONLY && <li>{t("security.ssoOnly")}</li>}
            <li>{config.SSO_SATISFIES_MFA ? t("security.ssoMfa") : t("security.ssoNoMfa")}</li>
          </ul>
        ) : (
          <p>{t("security.ssoOff")}</p>
        )}
      </section>
    </>
  );
}
