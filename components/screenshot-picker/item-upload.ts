import type { AttachmentRejection, UploadedAttachment } from "@/lib/validation/attachment.ts";

/** How one file's upload ends: the pending attachment, or why it was refused. */
export type UploadOutcome = { ok: true; attachment: UploadedAttachment } | { ok: false; reason: AttachmentRejection | "rate_limited" };

/** What the picker hands the component that uploads one file, on either backend. */
export type ItemUploadProps = {
  itemKey: string;
  file: File;
  uploadToken: string;
  signal: AbortSignal;
  onProgress(itemKey: string, percent: number): void;
  onSettled(itemKey: string, outcome: UploadOutcome): void;
};
