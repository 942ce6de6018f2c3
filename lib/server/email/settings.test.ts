import { describe, expect, it } from "vitest";
import { parseSettings } from "@/lib/server/config/settings.ts";
import { outboxWorkerSettings } from "./settings.ts";

describe("outbox worker settings", () => {
  it("reads worker settings in seconds with defaults", () => {
    expect(outboxWorkerSettings(parseSettings({}))).toEqual({ pollIntervalMs: 5_000, leaseMs: 120_000, retryBaseDelayMs: 30_000, maxRetryDelayMs: 3_600_000, maxAttempts: 20, mailboxHourlyCap: 10 });
    expect(outboxWorkerSettings(parseSettings({ MAIL_POLL_INTERVAL_SECONDS: "1", MAIL_MAX_ATTEMPTS: "3", MAIL_PER_MAILBOX_PER_HOUR: "4" }))).toMatchObject({ pollIntervalMs: 1_000, maxAttempts: 3, mailboxHourlyCap: 4 });
  });
});
