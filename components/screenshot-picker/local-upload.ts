import {
  ATTACHMENT_REJECTIONS,
  UPLOAD_FILE_NAME_HEADER,
  UPLOAD_TOKEN_HEADER,
  type AttachmentRejection,
  type UploadedAttachment,
} from "@/lib/validation/attachment.ts";

export const LOCAL_UPLOAD_ENDPOINT = "/api/attachments";

/** Why an upload failed, as a key of attachments.errors. */
export class UploadFailure extends Error {
  constructor(readonly reason: AttachmentRejection | "rate_limited") {
    super(reason);
  }
}

export function failureReason(value: unknown): AttachmentRejection | "rate_limited" {
  if (value === "rate_limited") return value;
  return (ATTACHMENT_REJECTIONS as readonly unknown[]).includes(value) ? (value as AttachmentRejection) : "upload_failed";
}

/**
 * Sends one file to the local-disk endpoint. XMLHttpRequest rather than fetch: only it reports
 * upload progress.
 */
export function uploadToLocalDisk(
  file: File,
  uploadToken: string,
  { onProgress, signal }: { onProgress(percent: number): void; signal: AbortSignal },
): Promise<UploadedAttachment> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", LOCAL_UPLOAD_ENDPOINT);
    request.responseType = "json";
    request.setRequestHeader(UPLOAD_TOKEN_HEADER, uploadToken);
    request.setRequestHeader(UPLOAD_FILE_NAME_HEADER, encodeURIComponent(file.name));
    request.setRequestHeader("Content-Type", file.type);
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    });
    request.addEventListener("load", () => {
      if (request.status === 201) return resolve(request.response as UploadedAttachment);
      const error = (request.response as { error?: { code?: string; reason?: string } } | null)?.error;
      // A refusal's own reason first: a daily quota is RATE_LIMITED too, but waiting minutes will not help.
      reject(new UploadFailure(!error?.reason && error?.code === "RATE_LIMITED" ? "rate_limited" : failureReason(error?.reason)));
    });
    request.addEventListener("error", () => reject(new UploadFailure("upload_failed")));
    request.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
    signal.addEventListener("abort", () => request.abort(), { once: true });
    request.send(file);
  });
}

/** Takes a pending upload back out (either backend); a failure only leaves it for the sweep. */
export function discardUpload(attachmentId: string, uploadToken: string): void {
  void fetch(`/api/attachments/${attachmentId}`, {
    method: "DELETE",
    headers: { [UPLOAD_TOKEN_HEADER]: uploadToken },
    keepalive: true,
  }).catch(() => undefined);
}
