import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TicketScreenshots } from "@/components/screenshot-gallery/ticket-screenshots.tsx";
import { isAppError } from "@/lib/errors.ts";
import { isLanguage } from "@/lib/i18n/locale.ts";
import { agentForPage } from "@/lib/server/auth/page-guard.ts";
import { settings } from "@/lib/server/config/settings.ts";
import { assignableAgents, cannedResponsesFor, ticketForAgent, type AgentTicketView } from "@/lib/server/tickets/agent-view.ts";
import { otherViewers } from "@/lib/server/tickets/presence.ts";
import { renderCannedResponse } from "@/lib/tickets/canned-response.ts";
import { Conversation } from "./conversation.tsx";
import { CustomerFacts } from "./customer-facts.tsx";
import { TicketHistory } from "./ticket-history.tsx";
import { TicketWorkspace } from "./ticket-workspace.tsx";
import { StepsTried } from "./steps-tried.tsx";
import "../../queue.css";
import "./ticket.css";

type TicketPageProps = { params: Promise<{ reference: string }> };

async function loadTicket(reference: string): Promise<{ agent: Awaited<ReturnType<typeof agentForPage>>; ticket: AgentTicketView }> {
  const agent = await agentForPage(`/agent/tickets/${encodeURIComponent(reference)}`);
  try {
    return { agent, ticket: await ticketForAgent(agent, reference) };
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: TicketPageProps): Promise<Metadata> {
  const { reference } = await params;
  const t = await getTranslations("ticket");
  return { title: t("title", { reference: reference.toUpperCase() }) };
}

/** One ticket, as an agent works it: every fact the customer gave, the conversation, the actions. */
export default async function TicketPage({ params }: TicketPageProps) {
  const { reference } = await params;
  const { agent, ticket } = await loadTicket(reference);
  const [agents, cannedResponses, viewers, locale, t] = await Promise.all([
    assignableAgents(agent),
    cannedResponsesFor(agent, ticket),
    otherViewers(agent, ticket.id),
    getLocale(),
    getTranslations("ticket"),
  ]);
  const placeholderValues = {
    reference: ticket.reference,
    customerEmail: ticket.contactEmail,
    agentName: agent.name,
    brandName: settings().SUPPORT_BRAND_NAME,
  };
  const lastChange = ticket.history.at(-1) ?? null;

  return (
    <article className="ticket-page" aria-labelledby="ticket-title">
      <p className="ticket-back">
        <Link href="/agent">← {t("backToQueue")}</Link>
      </p>
      <TicketWorkspace
        ticket={{
          id: ticket.id,
          reference: ticket.reference,
          status: ticket.status,
          priority: ticket.priority,
          category: ticket.category,
          language: ticket.language,
          slaDueAt: ticket.slaDueAt,
          firstRespondedAt: ticket.firstRespondedAt,
          version: ticket.version,
          assignee: ticket.assignee,
        }}
        lastChange={lastChange && { actorName: lastChange.actorName, actorType: lastChange.actorType }}
        me={{ id: agent.id, name: agent.name }}
        agents={agents}
        viewers={viewers}
        cannedResponses={cannedResponses.map((response) => ({
          id: response.id,
          title: response.title,
          body: renderCannedResponse(response.body, placeholderValues),
        }))}
        serverNow={new Date().toISOString()}
        facts={<CustomerFacts ticket={ticket} />}
        stepsTried={<StepsTried ticket={ticket} language={isLanguage(locale) ? locale : "en"} />}
        screenshots={<TicketScreenshots viewer={{ kind: "agent", actor: agent }} ticketId={ticket.id} headingLevel={2} />}
        conversation={<Conversation entries={ticket.conversation} />}
        history={<TicketHistory entries={ticket.history} />}
      />
    </article>
  );
}
