import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { customerTicketView } from "@/lib/server/tickets/customer-view.ts";
import { maskAdvice } from "@/lib/tickets/mask-secrets.ts";
import { statusPath } from "@/lib/server/tickets/status-link.ts";
import { CopyLink } from "../copy-link.tsx";
import "../../../intake.css";

// The URL is the credential: keep it out of referrers and search engines.
export const metadata: Metadata = { robots: { index: false, follow: false }, referrer: "no-referrer" };

/** Shown right after submitting: the reference, the private link and what happens next. */
export default async function TicketReceivedPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const ticket = await customerTicketView(token);
  if (!ticket) notFound();
  const t = await getTranslations("ticketStatus");

  return (
    <>
      <h1>{t("receivedTitle")}</h1>
      <dl className="reference">
        <dt>{t("referenceLabel")}</dt>
        <dd className="reference-value">{ticket.reference}</dd>
      </dl>
      {ticket.masked ? (
        <section className="notice notice-warning" aria-labelledby="masked-title">
          <h2 id="masked-title">{t("maskedTitle")}</h2>
          <p>{t("maskedText")}</p>
          {maskAdvice(ticket.maskedKinds).map((advice) => (
            <p key={advice}>{t(`maskedAdvice.${advice}`)}</p>
          ))}
        </section>
      ) : null}
      <section aria-labelledby="status-link-title">
        <h2 id="status-link-title">{t("linkLabel")}</h2>
        <p>{t("linkHint")}</p>
        <CopyLink url={ticket.statusUrl} label={t("linkLabel")} copyLabel={t("copy")} copiedLabel={t("copied")} />
      </section>
      <section aria-labelledby="next-title">
        <h2 id="next-title">{t("nextTitle")}</h2>
        <ol className="next-steps">
          <li>{t("next.review")}</li>
          <li>{t("next.replies")}</li>
          <li>{t("next.never")}</li>
        </ol>
      </section>
      <div className="actions">
        <Link className="button button-primary" href={statusPath(token)}>
          {t("openStatus")}
        </Link>
      </div>
    </>
  );
}
