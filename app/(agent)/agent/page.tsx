import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { agentForPage } from "@/lib/server/auth/page-guard.ts";
import { assignableAgents } from "@/lib/server/tickets/agent-view.ts";
import { hasValidCursors, listQueue } from "@/lib/server/tickets/queue.ts";
import { parseQueueQuery, queueSearchString, type SearchParamsInput } from "@/lib/validation/queue.ts";
import { QueueWorkspace } from "./queue-workspace.tsx";
import "./queue.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("queue");
  return { title: t("title") };
}

type QueuePageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The triage queue. Filters and position live in the URL, so any view can be bookmarked. */
export default async function QueuePage({ searchParams }: QueuePageProps) {
  const params: SearchParamsInput = await searchParams;
  const parsed = parseQueueQuery(params);
  const agent = await agentForPage(`/agent${parsed.success ? queueSearchString(parsed.query, parsed.query) : ""}`);
  const t = await getTranslations("queue");
  // A forged or outdated page position is a link we cannot read, not a server error.
  if (!parsed.success || !hasValidCursors(parsed.query)) {
    const searchTooShort = !parsed.success && parsed.issues.some((issue) => issue.message === "search_too_short");
    return (
      <>
        <h1>{t("title")}</h1>
        <p className="form-alert" role="alert">
          {searchTooShort ? t("filters.searchTooShort") : t("invalidFilters")}
        </p>
        <p>
          <Link href="/agent">{t("filters.reset")}</Link>
        </p>
      </>
    );
  }
  const [page, agents] = await Promise.all([listQueue(agent, parsed.query), assignableAgents(agent)]);
  // A new URL (other filters, another page) starts a fresh workspace: selection and focus belong to one view.
  return (
    <QueueWorkspace
      key={queueSearchString(parsed.query, parsed.query)}
      initialPage={page}
      query={parsed.query}
      agents={agents}
      currentAgentId={agent.id}
    />
  );
}
