import { NextIntlClientProvider } from "next-intl";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import type { ReactNode } from "react";
import { LanguageSwitcher } from "@/components/language-switcher.tsx";
import { ACCOUNT_PATH, DASHBOARD_PATH } from "@/lib/auth/routes.ts";
import { roleAllows } from "@/lib/server/auth/actor.ts";
import { agentForPage } from "@/lib/server/auth/page-guard.ts";
import { AgentNav } from "./agent-nav.tsx";
import { SignOutButton } from "./sign-out-button.tsx";
import "../agent.css";

export default async function AgentLayout({ children }: { children: ReactNode }) {
  const agent = await agentForPage();
  const [t, common] = await Promise.all([getTranslations("agent-shell"), getTranslations("common")]);
  const links = [
    { href: DASHBOARD_PATH, label: t("queue") },
    { href: "/agent/metrics", label: t("metrics") },
    ...(roleAllows(agent.role, "EDITOR") ? [{ href: "/agent/content", label: t("content") }] : []),
    ...(agent.role === "ADMIN" ? [{ href: "/agent/admin", label: t("admin") }] : []),
    // the agent's own second factors, sessions and password (README "Agent sign-in")
    { href: ACCOUNT_PATH, label: t("account") },
  ];
  return (
    <NextIntlClientProvider>
      <a className="skip-link" href="#agent-main">
        {common("skipToContent")}
      </a>
      <header className="agent-header">
        <Link href={DASHBOARD_PATH} className="agent-brand">
          {t("productName")}
        </Link>
        <AgentNav label={t("navigation")} links={links} />
        <div className="agent-account">
          <span className="agent-account-name" data-testid="signed-in-agent">
            {t("signedInAs", { name: agent.name })}{" "}
            <span className={agent.role === "ADMIN" ? "badge badge-admin" : "badge badge-muted"}>{t(`roles.${agent.role}`)}</span>
          </span>
          <SignOutButton />
          <LanguageSwitcher />
        </div>
      </header>
      <main id="agent-main" className="agent-main">
        {children}
      </main>
    </NextIntlClientProvider>
  );
}
