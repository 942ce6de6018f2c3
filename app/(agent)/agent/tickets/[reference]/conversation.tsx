import { getFormatter, getTranslations } from "next-intl/server";
import type { ConversationEntry } from "@/lib/server/tickets/agent-view.ts";

/**
 * Public replies and internal notes, oldest first. Notes look unmistakably different (colour,
 * label, icon) and are never part of what the customer's status page reads.
 */
export async function Conversation({ entries }: { entries: ConversationEntry[] }) {
  const [t, format] = await Promise.all([getTranslations("ticket.conversation"), getFormatter()]);
  return (
    <section className="panel ticket-conversation" aria-labelledby="ticket-conversation-title">
      <h2 id="ticket-conversation-title">{t("heading")}</h2>
      {entries.length === 0 ? (
        <p className="muted">{t("empty")}</p>
      ) : (
        <ol className="conversation">
          {entries.map((entry) => {
            const note = entry.kind === "INTERNAL_NOTE";
            const author =
              entry.authorType === "CUSTOMER" ? t("customer") : entry.authorType === "SYSTEM" ? t("system") : (entry.authorName ?? t("formerAgent"));
            const kindClass = note ? "message-note" : entry.authorType === "CUSTOMER" ? "message-customer" : "message-reply";
            return (
              <li key={entry.id} className={`message ${kindClass}`} data-kind={entry.kind} data-testid="conversation-entry">
                <p className="message-meta">
                  <span className="message-kind">
                    <span aria-hidden="true">{note ? "🔒 " : entry.authorType === "CUSTOMER" ? "✉ " : "↩ "}</span>
                    {note ? t("internalNote") : entry.authorType === "CUSTOMER" ? t("fromCustomer") : t("publicReply")}
                  </span>
                  <span className="message-author">{author}</span>
                  <time dateTime={entry.createdAt}>{format.dateTime(new Date(entry.createdAt), { dateStyle: "medium", timeStyle: "short" })}</time>
                </p>
                <p className="message-body">{entry.body}</p>
                {entry.masked && <p className="field-hint">{t("masked")}</p>}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
