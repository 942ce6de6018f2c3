import { getFormatter, getTranslations } from "next-intl/server";
import type { HistoryEntry } from "@/lib/server/tickets/agent-view.ts";

// Message keys cannot contain dots: "ticket.claimed" is looked up as "ticket_claimed".
const actionKey = (action: string) => action.replaceAll(".", "_");

const ENUM_FIELDS: Record<string, string> = { status: "statuses", priority: "priorities", category: "categories" };

/** Every change to the ticket: who, what, when, from → to. */
export async function TicketHistory({ entries }: { entries: HistoryEntry[] }) {
  const [t, queue, format] = await Promise.all([getTranslations("ticket.history"), getTranslations("queue"), getFormatter()]);
  const value = (field: string | null, raw: string | null): string => {
    if (raw === null) return field === "assignee" ? t("nobody") : "—";
    const namespace = field ? ENUM_FIELDS[field] : undefined;
    if (namespace && queue.has(`${namespace}.${raw}`)) return queue(`${namespace}.${raw}`);
    if (field === "sla_due_at") return format.dateTime(new Date(raw), { dateStyle: "medium", timeStyle: "short" });
    return raw;
  };
  const actor = (entry: HistoryEntry) =>
    entry.actorType === "CUSTOMER" ? t("actors.CUSTOMER") : entry.actorType === "SYSTEM" ? t("actors.SYSTEM") : (entry.actorName ?? t("actors.formerAgent"));

  return (
    <section className="panel ticket-history" aria-labelledby="ticket-history-title">
      <h2 id="ticket-history-title">{t("heading")}</h2>
      <ol className="history" reversed data-testid="ticket-history">
        {[...entries].reverse().map((entry) => (
          <li key={entry.id}>
            <time dateTime={entry.createdAt}>{format.dateTime(new Date(entry.createdAt), { dateStyle: "short", timeStyle: "short" })}</time>
            <span className="history-actor">{actor(entry)}</span>
            <span className="history-what">
              {t.has(`actions.${actionKey(entry.action)}`) ? t(`actions.${actionKey(entry.action)}`) : entry.action}
              {entry.field && (
                <>
                  {": "}
                  <span className="history-change">
                    {value(entry.field, entry.from)} → {value(entry.field, entry.to)}
                  </span>
                </>
              )}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
