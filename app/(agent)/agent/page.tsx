import { getTranslations } from "next-intl/server";
import { agentForPage } from "@/lib/server/auth/page-guard.ts";

// Landing page of the dashboard; the triage queue (agent-queue branch) replaces this file.
export default async function AgentHomePage() {
  await agentForPage();
  const t = await getTranslations("agent-shell");
  return <h1>{t("queue")}</h1>;
}
