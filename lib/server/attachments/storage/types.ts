import "server-only";
import type { StorageBackend } from "@/generated/prisma/client.ts";
import type { AcceptedImageType } from "@/lib/validation/attachment.ts";

/**
 * Where attachment bytes live. Rows name their backend (attachments.storage) and key, so files
 * written before a configuration change stay readable after it.
 */
export interface AttachmentStorage {
  readonly backend: StorageBackend;
  /** Stores the bytes under a new random key and returns the key; all or nothing. */
  put(bytes: Buffer, contentType: AcceptedImageType): Promise<string>;
  /** The stored bytes as a stream, or null when nothing is stored under `key`. */
  open(key: string): Promise<{ stream: ReadableStream<Uint8Array>; size: number | null } | null>;
  /** Deletes `key`; deleting what is already gone is not an error. */
  remove(key: string): Promise<void>;
}
