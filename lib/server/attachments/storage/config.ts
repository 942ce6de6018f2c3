import path from "node:path";
import type { StorageBackend } from "@/generated/prisma/client.ts";
import type { Environment } from "@/lib/server/config/environment.ts";
import { dataDirectory } from "@/lib/server/db/database-target.ts";
import { LocalDiskStorage } from "./local-disk.ts";
import type { AttachmentStorage } from "./types.ts";
import { UploadThingStorage } from "./uploadthing.ts";

/** New uploads go to UploadThing when UPLOADTHING_TOKEN is set, otherwise to local disk. */
export function activeStorageBackend(env: Environment = process.env): StorageBackend {
  return env.UPLOADTHING_TOKEN?.trim() ? "UPLOADTHING" : "LOCAL";
}

/**
 * UPLOAD_DIR, default <data folder>/uploads. Refused inside public/, which Next.js would serve
 * to anyone without our checks and headers.
 */
export function uploadDirectory(env: Environment = process.env): string {
  // Runtime state, not source: keep the bundler from tracing these paths.
  const cwd = process.cwd();
  const directory = env.UPLOAD_DIR?.trim()
    ? path.resolve(/*turbopackIgnore: true*/ cwd, env.UPLOAD_DIR)
    : path.join(/*turbopackIgnore: true*/ dataDirectory(env), "uploads");
  const publicFolder = path.resolve(/*turbopackIgnore: true*/ cwd, "public");
  if (directory === publicFolder || directory.startsWith(publicFolder + path.sep)) {
    throw new Error(`UPLOAD_DIR must not be inside ${publicFolder}: files there are served without access checks`);
  }
  return directory;
}

const SLOT = Symbol.for("supportgate.attachmentStorage");
type GlobalWithStorage = typeof globalThis & { [SLOT]?: Partial<Record<StorageBackend, AttachmentStorage>> };

/** The process-wide storage for `backend` (also for reading rows written under another setting). */
export function storageFor(backend: StorageBackend): AttachmentStorage {
  const slot = globalThis as GlobalWithStorage;
  const instances = (slot[SLOT] ??= {});
  return (instances[backend] ??= backend === "LOCAL" ? new LocalDiskStorage(uploadDirectory()) : new UploadThingStorage());
}
