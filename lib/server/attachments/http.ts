import "server-only";
import { settings, type Settings } from "@/lib/server/config/settings.ts";
import { describeError } from "@/lib/server/http/error-response.ts";
import type { RateLimitRule } from "@/lib/server/rate-limit.ts";
import type { LanguageCode } from "@/lib/validation/ticket-choices.ts";
import { rejectionReason } from "./rejection.ts";

/** Uploads per client address, on either backend: a full form several times over. */
export const UPLOAD_CLIENT_LIMIT: RateLimitRule = { name: "attachments:upload:client", limit: 60, windowSeconds: 10 * 60 };

/**
 * Screenshot and thumbnail views per client address (ATTACHMENT_READS_PER_MINUTE, default 600):
 * far more than people paging through galleries, even several agents behind one office address,
 * while a script fetching the same files in a loop is stopped within a minute.
 */
export function attachmentReadLimit(config: Settings = settings()): RateLimitRule {
  return { name: "attachments:read:client", limit: config.ATTACHMENT_READS_PER_MINUTE, windowSeconds: 60 };
}

/**
 * The attachment endpoints' answer to a refused file: the common JSON error plus its reason, with
 * the matching message from messages/<lang>/attachments.json; null for any other error.
 */
export function refusedUploadAnswer(error: unknown, language: LanguageCode): Response | null {
  const reason = rejectionReason(error);
  if (!reason) return null;
  const { appError, message } = describeError(error, language, "attachments");
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (appError.params?.retryAfterSeconds !== undefined) headers["Retry-After"] = String(appError.params.retryAfterSeconds);
  return Response.json(
    { error: { code: appError.code, reason, message } },
    { status: appError.status, headers },
  );
}
