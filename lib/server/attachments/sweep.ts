import "server-only";
import type { PrismaClient, StorageBackend } from "@/generated/prisma/client.ts";
import { startPeriodicTask } from "@/lib/server/background/periodic-task.ts";
import { settings, type Settings } from "@/lib/server/config/settings.ts";
import { prisma } from "@/lib/server/db/client.ts";
import { LocalDiskStorage } from "./storage/local-disk.ts";
import { storageFor } from "./storage/config.ts";
import type { AttachmentStorage } from "./storage/types.ts";

const BATCH = 100;

export type SweepResult = { pendingRows: number; orphanFiles: number };

/**
 * Deletes uploads whose form was never submitted (PENDING rows older than `olderThan`), row
 * first and file second, and then files on local disk that no row names (a crash between file
 * and row, a failed file delete). Several instances may sweep at once: rows are claimed with
 * SKIP LOCKED and deleting a missing file is not an error.
 */
export async function sweepAbandonedUploads(
  { olderThan, db = prisma(), storageOf = storageFor }: {
    olderThan: Date;
    db?: PrismaClient;
    storageOf?: (backend: StorageBackend) => AttachmentStorage;
  },
): Promise<SweepResult> {
  let pendingRows = 0;
  for (;;) {
    const rows = await db.$queryRaw<{ storage: StorageBackend; storage_key: string }[]>`
      DELETE FROM attachments WHERE id IN (
        SELECT id FROM attachments
        WHERE state = 'PENDING' AND created_at < ${olderThan}
        ORDER BY created_at LIMIT ${BATCH}
        FOR UPDATE SKIP LOCKED)
      RETURNING storage, storage_key`;
    for (const row of rows) {
      await storageOf(row.storage)
        .remove(row.storage_key)
        .catch((error) => console.error(`[attachments] sweep could not delete ${row.storage} ${row.storage_key}:`, error));
    }
    pendingRows += rows.length;
    if (rows.length < BATCH) break;
  }

  let orphanFiles = 0;
  const local = storageOf("LOCAL");
  if (local instanceof LocalDiskStorage) {
    let batch: { key: string | null; file: string }[] = [];
    const flush = async () => {
      const keys = batch.flatMap((entry) => (entry.key ? [entry.key] : []));
      const known = new Set(
        (await db.attachment.findMany({ where: { storage: "LOCAL", storageKey: { in: keys } }, select: { storageKey: true } })).map(
          (row) => row.storageKey,
        ),
      );
      for (const entry of batch) {
        if (entry.key && known.has(entry.key)) continue;
        if (entry.key) await local.remove(entry.key);
        else await local.removeStrayFile(entry.file);
        orphanFiles += 1;
      }
      batch = [];
    };
    for await (const entry of local.filesOlderThan(olderThan)) {
      batch.push(entry);
      if (batch.length >= BATCH) await flush();
    }
    if (batch.length) await flush();
  }
  return { pendingRows, orphanFiles };
}

/**
 * How often each instance sweeps (UPLOAD_SWEEP_INTERVAL_SECONDS, default 300) and how old an
 * unsent upload must be to go (UPLOAD_PENDING_MAX_AGE_MINUTES, default 120). Two hours is ample
 * to finish a form; a form left open longer is told on sending that its screenshots were removed
 * and must be attached again ("expired"). Kept short because unsent uploads are anonymous: until
 * a form is sent they are disk space anyone can take.
 */
export function uploadSweepSchedule(config: Settings = settings()): { maxAgeMs: number; intervalMs: number } {
  return { maxAgeMs: config.UPLOAD_PENDING_MAX_AGE_MINUTES * 60_000, intervalMs: config.UPLOAD_SWEEP_INTERVAL_SECONDS * 1000 };
}

/** Runs the sweep on uploadSweepSchedule(). */
export function startUploadSweeper(): void {
  const { intervalMs, maxAgeMs } = uploadSweepSchedule();
  startPeriodicTask("attachments", { intervalMs }, async () => {
    const result = await sweepAbandonedUploads({ olderThan: new Date(Date.now() - maxAgeMs) });
    return result.pendingRows || result.orphanFiles
      ? `swept ${result.pendingRows} abandoned uploads, ${result.orphanFiles} orphan files`
      : null;
  });
}
