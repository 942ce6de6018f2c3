import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { ScreenshotPicker } from "@/components/screenshot-picker/screenshot-picker.tsx";
import { TicketScreenshots } from "@/components/screenshot-gallery/ticket-screenshots.tsx";
import { activeStorageBackend } from "@/lib/server/attachments/storage/config.ts";
import { customerTicketView } from "@/lib/server/tickets/customer-view.ts";
import { SECRET_KINDS, SECRET_MARKERS } from "@/lib/tickets/mask-secrets.ts";
import { ReplyForm } from "./reply-form.tsx";
import "../../intake.css";

// The URL is the credential: keep it out of referrers and search engines.
export const metadata: Metadata = { robots: { index: false, follow: false }, referrer: "no-referrer" };

/** The customer's private view of a ticket: status, the public conversation and a reply box. */
export default async function TicketStatusPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const ticket = await customerTicketView(token);
  if (!ticket) notFound();
  const [t, categories, format] = await Promise.all([getTranslations("ticketStatus"), getTranslations("categories"), getFormatter()]);
  const when = (date: Date) => format.dateTime(date, { dateStyle: "medium", timeStyle: "short" });
  // Stored text carries language-neutral markers where secrets were; show them in words.
  const readable = (text: string) =>
    SECRET_KINDS.reduce((result, kind) => result.replaceAll(SECRET_MARKERS[kind], t(`redacted.${kind}`)), text);

  return (
    <>
      <h1>{t("title", { reference: ticket.reference })}</h1>
      <dl className="facts">
        <div>
          <dt>{t("statusLabel")}</dt>
          <dd>
            <span className={`status-badge status-${ticket.status.toLowerCase()}`}>{t(`statuses.${ticket.status}`)}</span>
          </dd>
        </div>
        <div>
          <dt>{t("categoryLabel")}</dt>
          <dd>{categories(`${ticket.category}.name`)}</dd>
        </div>
        <div>
          <dt>{t("sentLabel")}</dt>
          <dd>{when(ticket.createdAt)}</dd>
        </div>
      </dl>

      <section aria-labelledby="your-request">
        <h2 id="your-request">{t("yourRequest")}</h2>
        <p className="message-body">{readable(ticket.description)}</p>
        {ticket.masked ? <p className="field-hint">{t("maskedMessage")}</p> : null}
      </section>

      <TicketScreenshots viewer={{ kind: "customer", statusToken: token }} />

      <section aria-labelledby="conversation">
        <h2 id="conversation">{t("conversation")}</h2>
        {ticket.messages.length ? (
          <ol className="conversation">
            {ticket.messages.map((message) => (
              <li key={message.id} className={message.from === "CUSTOMER" ? "message from-customer" : "message from-support"}>
                <p className="message-meta">
                  <strong>{message.from === "CUSTOMER" ? t("fromYou") : t("fromSupport")}</strong>{" "}
                  <time dateTime={message.createdAt.toISOString()}>{when(message.createdAt)}</time>
                </p>
                <p className="message-body">{readable(message.body)}</p>
                {message.masked ? <p className="field-hint">{t("maskedMessage")}</p> : null}
              </li>
            ))}
          </ol>
        ) : (
          <p>{t("noMessages")}</p>
        )}
      </section>

      {ticket.canReply ? (
        <ReplyForm token={token} submissionId={randomUUID()} attachmentPicker={<ScreenshotPicker backend={activeStorageBackend()} />} />
      ) : (
        <div className="notice">
          <p>{t("closed")}</p>
          <Link className="button" href="/">
            {t("newRequest")}
          </Link>
        </div>
      )}
    </>
  );
}
