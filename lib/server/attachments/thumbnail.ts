import "server-only";
import sharp from "sharp";
import type { PrismaClient, StorageBackend } from "@/generated/prisma/client.ts";
import { AppError } from "@/lib/errors.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { MAX_ATTACHMENT_BYTES, MAX_IMAGE_PIXELS } from "@/lib/validation/attachment.ts";
import type { StoredAttachment } from "./access.ts";
import { scanImage, sniffImageFormat } from "./image-container.ts";
import { uploadLimits } from "./limits.ts";
import { rejectionReason, rejectUpload } from "./rejection.ts";
import { storageFor } from "./storage/config.ts";
import type { AttachmentStorage } from "./storage/types.ts";
import { readLimited } from "./read-limited.ts";
import { withUploadSlot } from "./upload-slots.ts";

// libvips' operation cache would keep recently decoded files around (up to 50 MB by default);
// every file is decoded once, so the cache only costs memory.
sharp.cache(false);

/** Long edge of a gallery thumbnail; twice the grid cell so it stays sharp on high-DPI screens. */
export const THUMBNAIL_EDGE = 480;
export const THUMBNAIL_TYPE = "image/webp";

/**
 * A small WebP of a screenshot, for galleries: five 10 MB screenshots cost the agent's browser a
 * few hundred KB instead of 50 MB. Made by one strict, sequential decode of the whole file under
 * `timeoutSeconds`, so it also proves the file decodes; upright (a JPEG's orientation applied,
 * since the thumbnail keeps no metadata), never enlarged. Throws rejectUpload(): too_complex when
 * the decode ran out of time, damaged when it failed.
 */
export async function makeThumbnail(image: Buffer, { timeoutSeconds }: { timeoutSeconds: number }): Promise<Buffer> {
  try {
    return await sharp(image, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: "warning", sequentialRead: true })
      .autoOrient()
      .resize({ width: THUMBNAIL_EDGE, height: THUMBNAIL_EDGE, fit: "inside", withoutEnlargement: true })
      .webp({ quality: 72 })
      .timeout({ seconds: timeoutSeconds })
      .toBuffer();
  } catch (error) {
    const message = (error as Error).message;
    throw rejectUpload(/^timeout/.test(message) ? "too_complex" : "damaged", `decode failed: ${message}`);
  }
}

// Stored instead of a thumbnail when a file cannot have one cheaply: it is then served whole.
const NO_THUMBNAIL = new Uint8Array(new ArrayBuffer(0));

// Concurrent views of one file without a thumbnail wait for the same decode.
const MAKING = Symbol.for("supportgate.thumbnailsInProgress");
type GlobalWithMaking = typeof globalThis & { [MAKING]?: Map<string, Promise<Uint8Array<ArrayBuffer>>> };

export type ThumbnailDependencies = { db?: PrismaClient; storageOf?: (backend: StorageBackend) => AttachmentStorage };

/**
 * The stored thumbnail of an attachment, or null when the file itself is to be served (it cannot
 * be decoded within today's limits). Uploads store theirs when they are checked; a file stored
 * before that gets one on its first view, made once and stored for every later view. A file
 * refused by today's checks (e.g. a JPEG of thousands of scans) is never decoded: it is
 * remembered as having none, and browsers get the file itself, which costs the server no decode.
 */
export async function attachmentThumbnail(
  attachment: Pick<StoredAttachment, "id" | "storage" | "storageKey">,
  { db = prisma(), storageOf = storageFor }: ThumbnailDependencies = {},
): Promise<Uint8Array | null> {
  const row = await db.attachment.findUnique({ where: { id: attachment.id }, select: { thumbnail: true } });
  if (row?.thumbnail) return row.thumbnail.length ? row.thumbnail : null;
  const inProgress = ((globalThis as GlobalWithMaking)[MAKING] ??= new Map());
  let making = inProgress.get(attachment.id);
  if (!making) {
    making = thumbnailOfStoredFile(attachment, storageOf(attachment.storage)).finally(() => inProgress.delete(attachment.id));
    inProgress.set(attachment.id, making);
  }
  const thumbnail = await making;
  await db.attachment.updateMany({ where: { id: attachment.id, thumbnail: null }, data: { thumbnail } });
  return thumbnail.length ? thumbnail : null;
}

async function thumbnailOfStoredFile(attachment: Pick<StoredAttachment, "id" | "storageKey">, storage: AttachmentStorage): Promise<Uint8Array<ArrayBuffer>> {
  const limits = uploadLimits();
  return withUploadSlot(async () => {
    const file = await storage.open(attachment.storageKey);
    if (!file) {
      console.error(`[attachments] file missing for attachment ${attachment.id}`);
      throw new AppError("NOT_FOUND", { detail: `attachment ${attachment.id} has no file` });
    }
    const bytes = await readLimited(file.stream, MAX_ATTACHMENT_BYTES, file.size ?? undefined);
    try {
      const format = sniffImageFormat(bytes);
      if (!format) throw rejectUpload("unsupported_type", "stored file is not an image");
      scanImage(format, bytes, { maxJpegScans: limits.maxJpegScans });
      return new Uint8Array(await makeThumbnail(bytes, { timeoutSeconds: limits.decodeTimeoutSeconds }));
    } catch (error) {
      if (!rejectionReason(error)) throw error;
      console.warn(`[attachments] no thumbnail for attachment ${attachment.id}, served whole: ${(error as Error).message}`);
      return NO_THUMBNAIL;
    }
  });
}
