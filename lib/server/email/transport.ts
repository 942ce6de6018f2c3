import "server-only";
import nodemailer from "nodemailer";
import type Mail from "nodemailer/lib/mailer";

/** What the worker needs from a mail transport; tests may pass a real one for an in-process server. */
export type MailSender = { sendMail(message: Mail.Options): Promise<unknown>; close(): void };

// nodemailer's own defaults wait up to ten minutes on a silent socket; a worker holding a lease
// must give up well before the lease (MAIL_LEASE_SECONDS) runs out.
const DEFAULT_TIMEOUTS_MS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/**
 * An SMTP transport from SMTP_URL (smtp://user:pass@host:587, smtps://…:465, checked by the
 * settings; nodemailer options may follow as query parameters, e.g.
 * ?tls.rejectUnauthorized=false). Unset timeouts get the defaults above.
 */
export function smtpSender(smtpUrl: string): MailSender {
  const url = new URL(smtpUrl);
  for (const [name, milliseconds] of Object.entries(DEFAULT_TIMEOUTS_MS)) {
    if (!url.searchParams.has(name)) url.searchParams.set(name, String(milliseconds));
  }
  return nodemailer.createTransport(url.toString());
}
