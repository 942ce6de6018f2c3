import "server-only";
import { settings, type Settings } from "@/lib/server/config/settings.ts";

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
  /** The most mails one mailbox (./mailbox.ts) gets from us in a clock hour, whatever the tickets behind them. */
  mailboxHourlyCap: number;
};

export function outboxWorkerSettings(config: Settings = settings()): OutboxWorkerSettings {
  return {
    pollIntervalMs: config.MAIL_POLL_INTERVAL_SECONDS * 1000,
    leaseMs: config.MAIL_LEASE_SECONDS * 1000,
    retryBaseDelayMs: config.MAIL_RETRY_BASE_SECONDS * 1000,
    maxRetryDelayMs: config.MAIL_RETRY_MAX_SECONDS * 1000,
    maxAttempts: config.MAIL_MAX_ATTEMPTS,
    mailboxHourlyCap: config.MAIL_PER_MAILBOX_PER_HOUR,
  };
}
