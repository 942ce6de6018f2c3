import "server-only";
import { AppError, isAppError } from "@/lib/errors.ts";
import { ATTACHMENT_REJECTIONS, MAX_ATTACHMENT_MEGABYTES, MAX_ATTACHMENTS_PER_MESSAGE, type AttachmentRejection } from "@/lib/validation/attachment.ts";

/**
 * An upload refused for what it is (type, size, damage). The reason picks the message the
 * uploader sees (messages/<lang>/attachments.json "errors"); the detail only reaches the logs.
 */
export function rejectUpload(reason: AttachmentRejection, detail: string): AppError {
  const code =
    reason === "too_large" ? "PAYLOAD_TOO_LARGE"
    : reason === "too_many_files" || reason === "expired" ? "VALIDATION_FAILED"
    : reason === "upload_failed" ? "INTERNAL"
    : "UNSUPPORTED_MEDIA_TYPE";
  return new AppError(code, {
    detail: `upload refused (${reason}): ${detail}`,
    params: { reason, messageKey: `attachments.errors.${reason}`, maxMegabytes: MAX_ATTACHMENT_MEGABYTES, maxFiles: MAX_ATTACHMENTS_PER_MESSAGE },
  });
}

/** The rejection reason carried by an error from rejectUpload, or null for any other error. */
export function rejectionReason(error: unknown): AttachmentRejection | null {
  if (!isAppError(error)) return null;
  const reason = error.params?.reason;
  return (ATTACHMENT_REJECTIONS as readonly unknown[]).includes(reason) ? (reason as AttachmentRejection) : null;
}
