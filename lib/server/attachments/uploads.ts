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
import { BODY_RATE_WINDOW_SECONDS, uploadLimits, type UploadLimits } from "./limits.ts";
import { assertPendingRoom, insertWithinPendingCap, reserveDailyBytes } from "./quota.ts";
import { readLimited } from "./read-limited.ts";
import { rejectUpload, rejectionReason } from "./rejection.ts";
import { storageFor } from "./storage/config.ts";
import { withBodyBuffer, withUploadSlot } from "./upload-slots.ts";
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

/** Refuses an upload of `adding` more files when the form already holds its share of pending ones. */
export async function assertRoomForAnother(db: PrismaClient, uploadTokenHash: string, adding = 1): Promise<void> {
  const pending = await db.attachment.count({ where: { uploadTokenHash, state: "PENDING" } });
  if (pending + adding > MAX_PENDING_PER_UPLOAD_TOKEN) throw rejectUpload("too_many_files", `${pending} pending uploads for one form`);
}

/** A full disk (or a full quota of the account the app runs as). */
function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === "ENOSPC" || code === "EDQUOT";
}

/**
 * Stores checked bytes and records the PENDING row, if everyone's unsent uploads leave room for
 * it (UPLOAD_PENDING_MAX_MEGABYTES). The file is written first and the row only after it, and a
 * failed insert removes the file again: no row ever names a missing file. A full disk is
 * storage_full; the storage leaves no partial file behind.
 */
async function storeChecked(
  checked: CheckedImage,
  { uploadTokenHash, originalName }: { uploadTokenHash: string; originalName: string },
  db: PrismaClient,
  storage: AttachmentStorage,
  limits: UploadLimits,
): Promise<UploadedAttachment> {
  // Refused before writing when the cap is plainly reached; checked again with the insert.
  await assertPendingRoom(db, checked.byteSize, limits);
  let storageKey: string;
  try {
    storageKey = await storage.put(checked.bytes, checked.contentType);
  } catch (error) {
    if (!isDiskFull(error)) throw error;
    // The uploader is told to try later; whoever runs the app has to make room.
    console.error(`[attachments] ${storage.backend} storage is full, uploads are refused:`, (error as Error).message);
    throw rejectUpload("storage_full", `${storage.backend}: ${(error as Error).message}`, { retryAfterSeconds: 300 });
  }
  try {
    const row = await insertWithinPendingCap(db, checked.byteSize, limits, (tx) => tx.attachment.create({
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
        thumbnail: new Uint8Array(checked.thumbnail),
        originalName,
      },
      select: { id: true },
    }));
    return { id: row.id, contentType: checked.contentType, byteSize: checked.byteSize, width: checked.width, height: checked.height };
  } catch (error) {
    await storage.remove(storageKey).catch((cleanup) => console.error("[attachments] could not remove file after failed insert:", cleanup));
    throw error;
  }
}

/**
 * An upload to our own endpoint (local-disk backend): check (in an upload slot: the CPU work),
 * strip, count against the client's daily quota, store, record as PENDING.
 */
export async function acceptUpload(
  upload: { bytes: Buffer; fileName: string | null; uploadToken: unknown; clientAddress: string },
  { db = prisma(), storageOf = storageFor }: AttachmentDependencies = {},
): Promise<UploadedAttachment> {
  const storage = storageOf("LOCAL");
  const limits = uploadLimits();
  const uploadTokenHash = uploadTokenHashOf(upload.uploadToken);
  const checked = await withUploadSlot(() => checkImageContent(upload.bytes, limits));
  await assertRoomForAnother(db, uploadTokenHash);
  const release = await reserveDailyBytes(db, { clientAddress: upload.clientAddress, bytes: checked.byteSize, limits });
  try {
    return await storeChecked(checked, { uploadTokenHash, originalName: displayFileName(upload.fileName) }, db, storage, limits);
  } catch (error) {
    await release().catch((undo) => console.error("[attachments] could not give back quota of a refused upload:", undo));
    throw error;
  }
}

/**
 * The local-disk endpoint's body, from the request to the PENDING row: read first, under a
 * deadline and a minimum rate and holding one of the body buffers (never a CPU slot, so slow
 * connections hold up no one's check), then accepted as above.
 */
export async function receiveUpload(
  upload: { body: ReadableStream<Uint8Array> | null; announcedBytes?: number; fileName: string | null; uploadToken: unknown; clientAddress: string },
  dependencies: AttachmentDependencies = {},
): Promise<UploadedAttachment> {
  uploadTokenHashOf(upload.uploadToken); // a request without a capability is refused before its body is read
  const limits = uploadLimits();
  const pace = {
    deadlineMs: limits.bodyTimeoutSeconds * 1000,
    minBytesPerSecond: limits.bodyMinBytesPerSecond,
    windowMs: BODY_RATE_WINDOW_SECONDS * 1000,
    // an upload queued behind its client's earlier ones does not get a longer deadline for it
    arrivedAt: performance.now(),
  };
  return withBodyBuffer(upload.clientAddress, async () => {
    const bytes = await readLimited(upload.body, MAX_ATTACHMENT_BYTES, upload.announcedBytes, pace);
    return acceptUpload({ bytes, fileName: upload.fileName, uploadToken: upload.uploadToken, clientAddress: upload.clientAddress }, dependencies);
  });
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
    const limits = uploadLimits();
    // The daily quota was counted in the route's middleware, from the sizes the browser declared.
    const attachment = await withBodyBuffer(null, async () => {
      const original = await storage.open(uploaded.fileKey);
      if (!original) throw rejectUpload("upload_failed", `UploadThing has no file ${uploaded.fileKey}`);
      const bytes = await readLimited(original.stream, MAX_ATTACHMENT_BYTES, original.size ?? undefined);
      const checked = await withUploadSlot(() => checkImageContent(bytes, limits));
      await assertRoomForAnother(db, uploaded.uploadTokenHash);
      return storeChecked(checked, uploaded, db, storage, limits);
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
