import "server-only";
import type { StorageBackend } from "@/generated/prisma/client.ts";
import { settings } from "@/lib/server/config/settings.ts";
import { LocalDiskStorage } from "./local-disk.ts";
import type { AttachmentStorage } from "./types.ts";
import { UploadThingStorage } from "./uploadthing.ts";

/** New uploads go to UploadThing when UPLOADTHING_TOKEN is set, otherwise to local disk. */
export function activeStorageBackend(): StorageBackend {
  return settings().UPLOADTHING_TOKEN ? "UPLOADTHING" : "LOCAL";
}

const SLOT = Symbol.for("supportgate.attachmentStorage");
type GlobalWithStorage = typeof globalThis & { [SLOT]?: Partial<Record<StorageBackend, AttachmentStorage>> };

/** The process-wide storage for `backend` (also for reading rows written under another setting). */
export function storageFor(backend: StorageBackend): AttachmentStorage {
  const slot = globalThis as GlobalWithStorage;
  const instances = (slot[SLOT] ??= {});
  return (instances[backend] ??= backend === "LOCAL" ? new LocalDiskStorage(settings().UPLOAD_DIR) : new UploadThingStorage());
}
