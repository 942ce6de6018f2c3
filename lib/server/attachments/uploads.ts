import "server-only";
import { createHash } from "node:crypto";
import type { PrismaClient, StorageBackend } from "@/generated/prisma/client.ts";
import { z } from "zod";
import { AppError } from "@/lib/errors.ts";
import { prisma } from "@/lib/server/db/client.ts";
import {
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS_PER_MESSAGE,
  type UploadedAttachment,
  type UploadThingServerData,
} from "@/lib/validation/attachment.ts";
import { uploadTokenSchema } from "@/lib/validation/upload-token.ts";
import { checkImageContent, type CheckedImage } from "./content-check.ts";
import { rejectUpload, rejectionReason } from "./rejection.ts";
import { storageFor } from "./storage/config.ts";
import { withUploadSlot } from "./upload-slots.ts";
import type { AttachmentStorage } from "./storage/types.ts";

/**
 * A form may hold this many pending uploads at once: a full message plus room for files the
 * person removed while the removal was still on its way.
 */
export const MAX_PENDING_PER_UPLOAD_TOKEN = MAX_ATTACHMENTS_PER_MESSAGE * 2;

export type AttachmentDependencies = { db?: PrismaClient; storageOf?: (backend: StorageBackend) => AttachmentStorage };

/** What attachments.upload_token_hash stores: the capability itself never reaches the database. */
export function hashUploadToken(token: string): string {
  return createHash("sha256").update(`upload-token:v1:${token}`).digest("hex");
}

/** The capability's hash, or VALIDATION_FAILED for anything that is not one. */
export function uploadTokenHashOf(token: unknown): string {
  const parsed = uploadTokenSchema.safeParse(token);
  if (!parsed.success) throw new AppError("VALIDATION_FAILED", { detail: "missing or malformed upload token" });
  return hashUploadToken(parsed.data);
}

/** The uploader's file name, kept only to show agents; never used as a path or a header. */
export function displayFileName(name: string | null | undefined): string {
  const base = (name ?? "").split(/[\\/]/).pop() ?? "";
  const cleaned = base.normalize("NFC").replace(/[\p{Cc}\p{Cf}"<>]/gu, "").trim().slice(0, 120);
  return cleaned || "screenshot";
}

/**
 * Reads a body stream into memory, refusing it as soon as it passes `limit` bytes. With the
 * size announced (Content-Length, already checked against the limit) the bytes go straight into
 * one buffer of that size: no list of chunks copied together at the end, so a 10 MB upload
 * costs 10 MB of memory rather than twice that for a moment.
 */
export async function readLimited(
  stream: ReadableStream<Uint8Array> | null,
  limit = MAX_ATTACHMENT_BYTES,
  announcedBytes?: number,
): Promise<Buffer> {
  if (!stream) throw rejectUpload("damaged", "no body");
  const reader = stream.getReader();
  const refuse = async (detail: string) => {
    await reader.cancel().catch(() => undefined);
    return rejectUpload("too_large", detail);
  };
  if (announcedBytes !== undefined && Number.isSafeInteger(announcedBytes) && announcedBytes > 0 && announcedBytes <= limit) {
    const buffer = Buffer.allocUnsafe(announcedBytes);
    let filled = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return buffer.subarray(0, filled);
      if (filled + value.byteLength > announcedBytes) throw await refuse(`body passed its announced ${announcedBytes} bytes`);
      buffer.set(value, filled);
      filled += value.byteLength;
    }
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) throw await refuse(`body passed ${limit} bytes`);
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Refuses an upload of `adding` more files when the form already holds its share of pending ones. */
export async function assertRoomForAnother(db: PrismaClient, uploadTokenHash: string, adding = 1): Promise<void> {
  const pending = await db.attachment.count({ where: { uploadTokenHash, state: "PENDING" } });
  if (pending + adding > MAX_PENDING_PER_UPLOAD_TOKEN) throw rejectUpload("too_many_files", `${pending} pending uploads for one form`);
}

/**
 * Stores checked bytes and records the PENDING row. The file is written first and the row only
 * after it, and a failed insert removes the file again: no row ever names a missing file.
 */
async function storeChecked(
  checked: CheckedImage,
  { uploadTokenHash, originalName }: { uploadTokenHash: string; originalName: string },
  db: PrismaClient,
  storage: AttachmentStorage,
): Promise<UploadedAttachment> {
  const storageKey = await storage.put(checked.bytes, checked.contentType);
  try {
    const row = await db.attachment.create({
      data: {
        state: "PENDING",
        uploadTokenHash,
        storage: storage.backend,
        storageKey,
        contentType: checked.contentType,
        byteSize: checked.byteSize,
        width: checked.width,
        height: checked.height,
        sha256: checked.sha256,
        originalName,
      },
      select: { id: true },
    });
    return { id: row.id, contentType: checked.contentType, byteSize: checked.byteSize, width: checked.width, height: checked.height };
  } catch (error) {
    await storage.remove(storageKey).catch((cleanup) => console.error("[attachments] could not remove file after failed insert:", cleanup));
    throw error;
  }
}

/** An upload to our own endpoint (local-disk backend): check, strip, store, record as PENDING. */
export async function acceptUpload(
  upload: { bytes: Buffer; fileName: string | null; uploadToken: unknown },
  { db = prisma(), storageOf = storageFor }: AttachmentDependencies = {},
): Promise<UploadedAttachment> {
  const storage = storageOf("LOCAL");
  const uploadTokenHash = uploadTokenHashOf(upload.uploadToken);
  const checked = await checkImageContent(upload.bytes);
  await assertRoomForAnother(db, uploadTokenHash);
  return storeChecked(checked, { uploadTokenHash, originalName: displayFileName(upload.fileName) }, db, storage);
}

/**
 * onUploadComplete of the UploadThing route: the file is already at UploadThing, as sent. Fetch
 * it, run the same check, store the stripped copy and delete the original (which still has its
 * metadata). A refused file is deleted. Never throws: the browser learns the outcome from the
 * returned server data.
 */
export async function acceptUploadThingFile(
  uploaded: { fileKey: string; originalName: string; uploadTokenHash: string },
  { db = prisma(), storageOf = storageFor }: AttachmentDependencies = {},
): Promise<UploadThingServerData> {
  const storage = storageOf("UPLOADTHING");
  const removeOriginal = () =>
    storage.remove(uploaded.fileKey).catch((error) => console.error(`[attachments] could not delete UploadThing file ${uploaded.fileKey}:`, error));
  try {
    const attachment = await withUploadSlot(async () => {
      const original = await storage.open(uploaded.fileKey);
      if (!original) throw rejectUpload("upload_failed", `UploadThing has no file ${uploaded.fileKey}`);
      const checked = await checkImageContent(await readLimited(original.stream, MAX_ATTACHMENT_BYTES, original.size ?? undefined));
      await assertRoomForAnother(db, uploaded.uploadTokenHash);
      return storeChecked(checked, uploaded, db, storage);
    });
    await removeOriginal();
    return { ok: true, attachment };
  } catch (error) {
    await removeOriginal();
    const reason = rejectionReason(error);
    if (!reason) console.error("[attachments] UploadThing upload could not be recorded:", error);
    return { ok: false, reason: reason ?? "upload_failed" };
  }
}

/**
 * Removes a PENDING upload the person took back out of the form. Only the capability that
 * uploaded it can; anything else is answered as not found.
 */
export async function discardPendingUpload(
  { attachmentId, uploadToken }: { attachmentId: string; uploadToken: unknown },
  { db = prisma(), storageOf = storageFor }: AttachmentDependencies = {},
): Promise<void> {
  const uploadTokenHash = uploadTokenHashOf(uploadToken);
  if (!z.uuid().safeParse(attachmentId).success) throw new AppError("NOT_FOUND", { detail: "malformed attachment id" });
  const rows = await db.$queryRaw<{ storage: "LOCAL" | "UPLOADTHING"; storage_key: string }[]>`
    DELETE FROM attachments
    WHERE id = ${attachmentId}::uuid AND state = 'PENDING' AND upload_token_hash = ${uploadTokenHash}
    RETURNING storage, storage_key`;
  const [row] = rows;
  if (!row) throw new AppError("NOT_FOUND", { detail: `no pending upload ${attachmentId} for this token` });
  await storageOf(row.storage)
    .remove(row.storage_key)
    .catch((error) => console.error(`[attachments] file of discarded upload left for the sweep: ${row.storage_key}`, error));
}
