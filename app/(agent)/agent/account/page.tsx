import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ACCOUNT_PATH } from "@/lib/auth/routes.ts";
import { listFactors } from "@/lib/server/auth/factors.ts";
import { agentForPage } from "@/lib/server/auth/page-guard.ts";
import { listOwnSessions } from "@/lib/server/auth/sessions.ts";
import { settings } from "@/lib/server/config/settings.ts";
import { AccountWorkspace } from "./account-workspace.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("title") };
}

/** The agent's own account: second factors, recovery codes, password and open sessions. */
export default async function AccountPage() {
  const agent = await agentForPage(ACCOUNT_PATH);
  const [{ factors, recoveryCodesLeft }, sessions, t] = await Promise.all([listFactors(agent), listOwnSessions(agent), getTranslations("account")]);
  const config = settings();
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <AccountWorkspace
        factors={factors.map((factor) => ({ ...factor, createdAt: factor.createdAt.toISOString(), lastUsedAt: factor.lastUsedAt?.toISOString() ?? null }))}
        recoveryCodesLeft={recoveryCodesLeft}
        sessions={sessions.map((session) => ({ ...session, createdAt: session.createdAt.toISOString(), lastSeenAt: session.lastSeenAt.toISOString() }))}
        limits={{ hours: config.SESSION_MAX_AGE_HOURS, minutes: config.SESSION_IDLE_TIMEOUT_MINUTES }}
        passwordAllowed={!config.SSO_ONLY}
      />
    </>
  );
}
