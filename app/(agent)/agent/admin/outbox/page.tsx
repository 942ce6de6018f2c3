import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { outboxOverview, type OutboxEntry } from "@/lib/server/admin/outbox.ts";
import { adminForPage } from "@/lib/server/auth/page-guard.ts";
import { AdminOnly } from "../admin-only.tsx";
import { RetryOutboxMessage } from "./retry-outbox-message.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("outbox.title") };
}

export default async function OutboxPage() {
  const admin = await adminForPage("/agent/admin/outbox");
  if (!admin) return <AdminOnly />;
  const [t, format] = await Promise.all([getTranslations("admin"), getFormatter()]);
  const overview = await outboxOverview(admin, { hiddenLinkLabel: t("outbox.hiddenLink") });
  const when = (date: Date) => format.dateTime(date, { dateStyle: "medium", timeStyle: "medium" });

  function statusLabel(message: OutboxEntry): string {
    if (message.status === "SENT") return t("outbox.status.SENT");
    if (message.status === "FAILED") return t("outbox.status.FAILED");
    if (message.status === "SKIPPED") return t("outbox.status.SKIPPED");
    if (!overview.smtpConfigured) return t("outbox.status.KEPT");
    return message.attempts > 0 ? t("outbox.status.RETRYING") : t("outbox.status.PENDING");
  }

  return (
    <>
      <h1>{t("outbox.title")}</h1>
      <p className="lead">{t("outbox.intro")}</p>
      <p className="safety-notice" data-testid="outbox-delivery">
        {overview.smtpConfigured ? t("outbox.smtpConfigured") : t("outbox.noSmtp")}
      </p>
      <div className="stat-grid">
        {(["PENDING", "SENT", "FAILED", "SKIPPED"] as const).map((status) => (
          <div key={status} className="stat" data-testid={`outbox-count-${status}`}>
            <p className="stat-label">{t(`outbox.count.${status}`)}</p>
            <p className="stat-value">{overview.counts[status]}</p>
          </div>
        ))}
      </div>
      {overview.messages.length === 0 ? (
        <p>{t("outbox.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">{t("outbox.listCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("outbox.created")}</th>
                <th scope="col">{t("outbox.message")}</th>
                <th scope="col">{t("outbox.status.title")}</th>
                <th scope="col" className="numeric">
                  {t("outbox.attempts")}
                </th>
                <th scope="col">{t("outbox.delivery")}</th>
              </tr>
            </thead>
            <tbody>
              {overview.messages.map((message) => (
                <tr key={message.id} data-testid={`outbox-row-${message.id}`}>
                  <td>{when(message.createdAt)}</td>
                  <td>
                    <div>
                      {t(`outbox.kind.${message.kind}`)} · {message.language} ·{" "}
                      {message.ticketReference ? (
                        <Link href={`/agent/tickets/${message.ticketReference}`}>{message.ticketReference}</Link>
                      ) : (
                        t("outbox.ticketGone")
                      )}
                    </div>
                    <div className="field-hint">{t("outbox.to", { address: message.toAddress })}</div>
                    <details>
                      <summary>{message.subject}</summary>
                      <pre style={{ whiteSpace: "pre-wrap", fontFamily: "inherit" }} data-testid="outbox-text">
                        {message.text}
                      </pre>
                    </details>
                  </td>
                  <td>
                    <span className="badge">{statusLabel(message)}</span>
                    {(message.status === "FAILED" || message.status === "SKIPPED") && <RetryOutboxMessage id={message.id} />}
                  </td>
                  <td className="numeric">{message.attempts}</td>
                  <td>
                    {message.sentAt
                      ? t("outbox.sentAt", { when: when(message.sentAt) })
                      : message.status === "PENDING" && overview.smtpConfigured
                        ? t("outbox.nextAttempt", { when: when(message.nextAttemptAt) })
                        : null}
                    {message.lastError && (
                      <div className="field-error" data-testid="outbox-last-error">
                        {t("outbox.lastError", { error: message.lastError })}
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
