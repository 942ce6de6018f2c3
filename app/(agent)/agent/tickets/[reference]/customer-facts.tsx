import { getFormatter, getTranslations } from "next-intl/server";
import type { AgentTicketView } from "@/lib/server/tickets/agent-view.ts";

const DATE_FIELDS = new Set(["lastRequestedAt"]);

/** What the customer told us in the form, labelled in the agent's language. */
export async function CustomerFacts({ ticket }: { ticket: AgentTicketView }) {
  const [t, queue, format] = await Promise.all([getTranslations("ticket"), getTranslations("queue"), getFormatter()]);
  const dateTime = (iso: string | null) =>
    iso ? format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short" }) : t("facts.notGiven");

  const detailValue = (key: string, value: unknown): string => {
    if (typeof value === "boolean") return value ? t("facts.yes") : t("facts.no");
    if (typeof value !== "string") return JSON.stringify(value);
    if (DATE_FIELDS.has(key)) return dateTime(value);
    const valueKey = `details.values.${key}.${value}`;
    return t.has(valueKey) ? t(valueKey) : value;
  };

  return (
    <section className="panel ticket-facts" aria-labelledby="ticket-facts-title">
      <h2 id="ticket-facts-title">{t("facts.heading")}</h2>
      <dl className="fact-list">
        <div>
          <dt>{t("facts.category")}</dt>
          <dd>{queue(`categories.${ticket.category}`)}</dd>
        </div>
        <div>
          <dt>{t("facts.contactEmail")}</dt>
          <dd>
            <a href={`mailto:${ticket.contactEmail}`}>{ticket.contactEmail}</a>
          </dd>
        </div>
        <div>
          <dt>{t("facts.language")}</dt>
          <dd>{t(`facts.languages.${ticket.language}`)}</dd>
        </div>
        <div>
          <dt>{t("facts.startedAt")}</dt>
          <dd>{dateTime(ticket.startedAt)}</dd>
        </div>
        <div>
          <dt>{t("facts.createdAt")}</dt>
          <dd>{dateTime(ticket.createdAt)}</dd>
        </div>
        <div>
          <dt>{t("facts.slaDueAt")}</dt>
          <dd>{dateTime(ticket.slaDueAt)}</dd>
        </div>
        {ticket.firstRespondedAt && (
          <div>
            <dt>{t("facts.firstRespondedAt")}</dt>
            <dd>{dateTime(ticket.firstRespondedAt)}</dd>
          </div>
        )}
        {ticket.resolvedAt && (
          <div>
            <dt>{t("facts.resolvedAt")}</dt>
            <dd>{dateTime(ticket.resolvedAt)}</dd>
          </div>
        )}
        {Object.entries(ticket.details).map(([key, value]) => (
          <div key={key} data-detail={key}>
            <dt>{t.has(`details.fields.${key}`) ? t(`details.fields.${key}`) : key}</dt>
            <dd>{detailValue(key, value)}</dd>
          </div>
        ))}
      </dl>
      <h3>{t("facts.description")}</h3>
      <p className="ticket-description" lang={ticket.language}>
        {ticket.description}
      </p>
      {ticket.masked && <p className="field-hint">{t("facts.masked")}</p>}
    </section>
  );
}
