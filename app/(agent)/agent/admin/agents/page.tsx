import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { listAgents } from "@/lib/server/admin/agents.ts";
import { adminForPage } from "@/lib/server/auth/page-guard.ts";
import { AdminOnly } from "../admin-only.tsx";
import { AgentRowActions } from "./agent-row-actions.tsx";
import { CreateAgentForm } from "./create-agent-form.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("agents.title") };
}

export default async function AgentsPage() {
  const admin = await adminForPage("/agent/admin/agents");
  if (!admin) return <AdminOnly />;
  const [agents, t, format] = await Promise.all([listAgents(admin), getTranslations("admin"), getFormatter()]);
  return (
    <>
      <h1>{t("agents.title")}</h1>
      <div className="table-scroll">
        <table className="data-table">
          <caption className="visually-hidden">{t("agents.listCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("agents.name")}</th>
              <th scope="col">{t("agents.email")}</th>
              <th scope="col">{t("agents.status")}</th>
              <th scope="col">{t("agents.mfa")}</th>
              <th scope="col">{t("agents.lastSignIn")}</th>
              <th scope="col">{t("agents.role")}</th>
            </tr>
          </thead>
          <tbody>
            {agents.map((agent) => (
              <tr key={agent.id} data-testid={`agent-row-${agent.email}`}>
                <th scope="row">
                  {agent.name}
                  {agent.id === admin.id && <span className="badge badge-muted"> {t("agents.you")}</span>}
                </th>
                <td>{agent.email}</td>
                <td>
                  {agent.active ? t("agents.active") : t("agents.inactive")}
                  {agent.failedSignIns > 0 && <div className="field-hint">{t("agents.failedSignIns", { count: agent.failedSignIns })}</div>}
                </td>
                <td>{t("agents.mfaCount", { count: agent.factorCount })}</td>
                <td>{agent.lastSignInAt ? format.dateTime(agent.lastSignInAt, { dateStyle: "medium", timeStyle: "short" }) : t("agents.never")}</td>
                <td>
                  <AgentRowActions
                    agent={{ id: agent.id, name: agent.name, email: agent.email, role: agent.role, active: agent.active, factorCount: agent.factorCount }}
                    isSelf={agent.id === admin.id}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="panel" aria-labelledby="create-agent-title">
        <h2 id="create-agent-title">{t("agents.createTitle")}</h2>
        <CreateAgentForm />
      </section>
    </>
  );
}
