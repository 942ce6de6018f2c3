import { brandName } from "@/lib/brand.ts";
import type { Environment } from "@/lib/server/config/environment.ts";
import { publicBaseUrl } from "@/lib/server/tickets/status-link.ts";

export type MailAddress = { name: string; address: string };

export type MailSettings = {
  /** smtp://user:pass@host:587 or smtps://…; null in the embedded demo: mail stays in the outbox. */
  smtpUrl: string | null;
  from: MailAddress;
};

export type OutboxWorkerSettings = {
  /** How often an idle worker looks for due messages. */
  pollIntervalMs: number;
  /** A leased message is someone's for this long; after a crash another worker takes it over. */
  leaseMs: number;
  /** First retry delay; doubles with each failed attempt up to maxRetryDelayMs. */
  retryBaseDelayMs: number;
  maxRetryDelayMs: number;
  /** After this many attempts the message is FAILED and waits for an admin. */
  maxAttempts: number;
};

/** MAIL_FROM is `Name <address>` or a bare address; the name defaults to the brand's support desk. */
export function mailSettings(env: Environment = process.env): MailSettings {
  return { smtpUrl: env.SMTP_URL?.trim() || null, from: senderAddress(env) };
}

function senderAddress(env: Environment): MailAddress {
  const defaultName = `${brandName(env)} Support`;
  const configured = env.MAIL_FROM?.trim();
  if (!configured) return { name: defaultName, address: `support@${new URL(publicBaseUrl(env)).hostname}` };
  const named = /^"?([^"<]*?)"?\s*<([^<>\s]+@[^<>\s]+)>$/.exec(configured);
  if (named) return { name: named[1]!.trim() || defaultName, address: named[2]! };
  if (/^[^<>\s"]+@[^<>\s"]+$/.test(configured)) return { name: defaultName, address: configured };
  throw new Error(`MAIL_FROM must be "Name <address@example.com>" or an address, not ${JSON.stringify(configured)}`);
}

/**
 * MAIL_PER_MAILBOX_PER_HOUR: the most mails one mailbox (lib/server/email/mailbox.ts) gets from us
 * in a clock hour, whatever the number of tickets behind them (default 10).
 */
export function mailboxHourlyCap(env: Environment = process.env): number {
  return Math.max(1, Math.floor(Number(env.MAIL_PER_MAILBOX_PER_HOUR) || 10));
}

export function outboxWorkerSettings(env: Environment = process.env): OutboxWorkerSettings {
  const seconds = (name: string, fallback: number) => Math.max(0.05, Number(env[name]) || fallback) * 1000;
  return {
    pollIntervalMs: seconds("MAIL_POLL_INTERVAL_SECONDS", 5),
    leaseMs: seconds("MAIL_LEASE_SECONDS", 120),
    retryBaseDelayMs: seconds("MAIL_RETRY_BASE_SECONDS", 30),
    maxRetryDelayMs: seconds("MAIL_RETRY_MAX_SECONDS", 3600),
    maxAttempts: Math.max(1, Math.floor(Number(env.MAIL_MAX_ATTEMPTS) || 20)),
  };
}
