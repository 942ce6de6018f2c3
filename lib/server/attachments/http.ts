import { LOCALE_COOKIE, negotiateLocale } from "@/lib/i18n/locale.ts";
import { translate } from "@/lib/i18n/messages.ts";
import { errorResponse, toAppError } from "@/lib/server/http/error-response.ts";
import type { Environment } from "@/lib/server/config/environment.ts";
import type { RateLimitRule } from "@/lib/server/rate-limit.ts";
import { MAX_ATTACHMENT_MEGABYTES, MAX_ATTACHMENTS_PER_MESSAGE } from "@/lib/validation/attachment.ts";
import type { LanguageCode } from "@/lib/validation/ticket-choices.ts";
import { uploadLimits } from "./limits.ts";
import { rejectionReason } from "./rejection.ts";

/** Uploads per client address, on either backend: a full form several times over. */
export const UPLOAD_CLIENT_LIMIT: RateLimitRule = { name: "attachments:upload:client", limit: 60, windowSeconds: 10 * 60 };

/**
 * Screenshot and thumbnail views per client address (ATTACHMENT_READS_PER_MINUTE, default 600):
 * far more than people paging through galleries, even several agents behind one office address,
 * while a script fetching the same files in a loop is stopped within a minute.
 */
export function attachmentReadLimit(env: Environment = process.env): RateLimitRule {
  return { name: "attachments:read:client", limit: uploadLimits(env).readsPerMinute, windowSeconds: 60 };
}

/** The language of a route handler's answers, from the request itself (cookie, then Accept-Language). */
export function requestLanguage(request: Request): LanguageCode {
  const cookie = (request.headers.get("cookie") ?? "")
    .split(";")
    .map((part) => part.trim().split("="))
    .find(([name]) => name === LOCALE_COOKIE)?.[1];
  return negotiateLocale(cookie, request.headers.get("accept-language"));
}

const LIMIT_PARAMS = { maxMegabytes: MAX_ATTACHMENT_MEGABYTES, maxFiles: MAX_ATTACHMENTS_PER_MESSAGE };

/**
 * The message for a submission refused because of its screenshots (expired, too many, still
 * uploading is checked by the caller), or null when the error is about something else.
 */
export function attachmentErrorMessage(error: unknown, language: LanguageCode): string | null {
  const reason = rejectionReason(error);
  return reason ? translate(language, `attachments.errors.${reason}`, LIMIT_PARAMS) : null;
}

/**
 * The JSON error of the attachment endpoints: a refused file carries its reason and the
 * matching message from messages/<lang>/attachments.json; anything else is the common answer.
 */
export function attachmentErrorResponse(error: unknown, language: LanguageCode): Response {
  const reason = rejectionReason(error);
  if (!reason) return errorResponse(error, language, "attachments");
  const appError = toAppError(error);
  if (reason === "upload_failed") console.error("[attachments]", appError.detail ?? appError);
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (appError.params?.retryAfterSeconds !== undefined) headers["Retry-After"] = String(appError.params.retryAfterSeconds);
  return Response.json(
    { error: { code: appError.code, reason, message: translate(language, `attachments.errors.${reason}`, LIMIT_PARAMS) } },
    { status: appError.status, headers },
  );
}
