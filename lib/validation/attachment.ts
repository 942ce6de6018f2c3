// No zod here: the picker imports the limits below in the browser, and the ticket form's first
// load stays free of zod; the upload token's schemas are in upload-token.ts.

/**
 * Screenshot attachment limits (README "Tickets and triage"), shared by the browser picker, the upload
 * endpoints and the UploadThing file router. The server re-checks everything by content.
 */

export const ACCEPTED_IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;
export type AcceptedImageType = (typeof ACCEPTED_IMAGE_TYPES)[number];

export const EXTENSION_BY_TYPE: Record<AcceptedImageType, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
};

/** 10 MB each, counted in binary megabytes as UploadThing counts "10MB". */
export const MAX_ATTACHMENT_MEGABYTES = 10;
export const MAX_ATTACHMENT_BYTES = MAX_ATTACHMENT_MEGABYTES * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_MESSAGE = 5;
/**
 * Larger than any real screen (an 8K display is 33 MP; a long scrolled capture 1440×20000 is 29 MP),
 * small enough that one decode cannot exhaust memory.
 */
export const MAX_IMAGE_PIXELS = 40_000_000;

/** Headers the local-disk upload endpoint reads. */
export const UPLOAD_TOKEN_HEADER = "x-upload-token";
export const UPLOAD_FILE_NAME_HEADER = "x-upload-file-name";

/** Present in a form's data (FormData) while one of its screenshots is still uploading. */
export const UPLOADS_PENDING_FIELD = "screenshotUploadsPending";

/** Why an upload was refused; keys into messages/<lang>/attachments.json "errors". */
export const ATTACHMENT_REJECTIONS = [
  "unsupported_type",
  "too_large",
  "too_many_pixels",
  "too_complex",
  "damaged",
  "too_many_files",
  "expired",
  "too_slow",
  "quota_exceeded",
  "storage_full",
  "upload_failed",
] as const;
export type AttachmentRejection = (typeof ATTACHMENT_REJECTIONS)[number];

export function isAcceptedImageType(type: string): type is AcceptedImageType {
  return (ACCEPTED_IMAGE_TYPES as readonly string[]).includes(type);
}

/**
 * The browser's first look at a chosen file: by declared type and size only (the server decides
 * by content). Returns why it is refused, or null.
 */
export function precheckFile(file: { type: string; size: number }): AttachmentRejection | null {
  if (!isAcceptedImageType(file.type)) return "unsupported_type";
  if (file.size > MAX_ATTACHMENT_BYTES) return "too_large";
  if (file.size === 0) return "damaged";
  return null;
}

/** What an accepted upload answers, on either backend. */
export type UploadedAttachment = {
  id: string;
  contentType: AcceptedImageType;
  byteSize: number;
  width: number;
  height: number;
};

/** The UploadThing route's server data: the attachment, or why it was refused. */
export type UploadThingServerData =
  | { ok: true; attachment: UploadedAttachment }
  | { ok: false; reason: AttachmentRejection };

/** A fresh upload capability for one form, from the platform's CSPRNG (browser or Node). */
export function newUploadToken(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
