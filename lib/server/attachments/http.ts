import "server-only";
import { describeError } from "@/lib/server/http/error-response.ts";
import type { RateLimitRule } from "@/lib/server/rate-limit.ts";
import type { LanguageCode } from "@/lib/validation/ticket-choices.ts";
import { rejectionReason } from "./rejection.ts";

/** Uploads per client address, on either backend: a full form several times over. */
export const UPLOAD_CLIENT_LIMIT: RateLimitRule = { name: "attachments:upload:client", limit: 60, windowSeconds: 10 * 60 };

/**
 * The attachment endpoints' answer to a refused file: the common JSON error plus its reason, with
 * the matching message from messages/<lang>/attachments.json; null for any other error.
 */
export function refusedUploadAnswer(error: unknown, language: LanguageCode): Response | null {
  const reason = rejectionReason(error);
  if (!reason) return null;
  const { appError, message } = describeError(error, language, "attachments");
  return Response.json(
    { error: { code: appError.code, reason, message } },
    { status: appError.status, headers: { "Cache-Control": "no-store" } },
  );
}
