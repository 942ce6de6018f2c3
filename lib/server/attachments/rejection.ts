import "server-only";
import { AppError, isAppError, type ErrorCode } from "@/lib/errors.ts";
import { ATTACHMENT_REJECTIONS, MAX_ATTACHMENT_MEGABYTES, MAX_ATTACHMENTS_PER_MESSAGE, type AttachmentRejection } from "@/lib/validation/attachment.ts";

const CODES: Partial<Record<AttachmentRejection, ErrorCode>> = {
  too_large: "PAYLOAD_TOO_LARGE",
  too_many_files: "VALIDATION_FAILED",
  expired: "VALIDATION_FAILED",
  too_slow: "REQUEST_TIMEOUT",
  quota_exceeded: "RATE_LIMITED",
  storage_full: "STORAGE_FULL",
  upload_failed: "INTERNAL",
};

/**
 * An upload refused for what it is (type, size, damage) or for what it would cost (time, disk).
 * The reason picks the message the uploader sees (messages/<lang>/attachments.json "errors");
 * the detail only reaches the logs; `retryAfterSeconds` becomes the answer's Retry-After.
 */
export function rejectUpload(reason: AttachmentRejection, detail: string, { retryAfterSeconds }: { retryAfterSeconds?: number } = {}): AppError {
  const params: Record<string, string | number> = {
    reason,
    messageKey: `attachments.errors.${reason}`,
    maxMegabytes: MAX_ATTACHMENT_MEGABYTES,
    maxFiles: MAX_ATTACHMENTS_PER_MESSAGE,
  };
  if (retryAfterSeconds !== undefined) params.retryAfterSeconds = retryAfterSeconds;
  return new AppError(CODES[reason] ?? "UNSUPPORTED_MEDIA_TYPE", { detail: `upload refused (${reason}): ${detail}`, params });
}

/** The rejection reason carried by an error from rejectUpload, or null for any other error. */
export function rejectionReason(error: unknown): AttachmentRejection | null {
  if (!isAppError(error)) return null;
  const reason = error.params?.reason;
  return (ATTACHMENT_REJECTIONS as readonly unknown[]).includes(reason) ? (reason as AttachmentRejection) : null;
}
