import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { EXTENSION_BY_TYPE, type AcceptedImageType } from "@/lib/validation/attachment.ts";
import type { AttachmentStorage } from "./types.ts";

const TEMP_PREFIX = ".tmp-";
// Keys are made here and only ever read back from the database, but a key is still checked
// before it becomes a path: nothing outside the upload folder can be named.
const KEY_PATTERN = /^[0-9a-f]{2}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(png|jpg|webp)$/;

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === "ENOENT";
}

/**
 * Files on local disk under random names (never the uploader's), two hex characters of
 * sharding. A write goes to a temporary file that is flushed to disk and then renamed, so a
 * crash never leaves a half-written file under a real key.
 */
export class LocalDiskStorage implements AttachmentStorage {
  readonly backend = "LOCAL" as const;

  constructor(readonly directory: string) {}

  private pathOf(key: string): string {
    if (!KEY_PATTERN.test(key)) throw new Error(`not a local attachment key: ${JSON.stringify(key)}`);
    return path.join(this.directory, key);
  }

  async put(bytes: Buffer, contentType: AcceptedImageType): Promise<string> {
    const name = randomUUID();
    const key = `${name.slice(0, 2)}/${name}.${EXTENSION_BY_TYPE[contentType]}`;
    const target = this.pathOf(key);
    const folder = path.dirname(target);
    await fs.promises.mkdir(folder, { recursive: true, mode: 0o700 });
    const temporary = path.join(folder, `${TEMP_PREFIX}${name}`);
    try {
      const handle = await fs.promises.open(temporary, "wx", 0o600);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.promises.rename(temporary, target);
    } catch (error) {
      await fs.promises.rm(temporary, { force: true });
      throw error;
    }
    await syncDirectory(folder);
    return key;
  }

  async open(key: string): Promise<{ stream: ReadableStream<Uint8Array>; size: number } | null> {
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(this.pathOf(key), "r");
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    const { size } = await handle.stat();
    const stream = handle.createReadStream();
    return { stream: Readable.toWeb(stream) as ReadableStream<Uint8Array>, size };
  }

  async remove(key: string): Promise<void> {
    await fs.promises.rm(this.pathOf(key), { force: true });
  }

  /** Deletes a file found by filesOlderThan() that is not a stored attachment (a crashed write). */
  async removeStrayFile(file: string): Promise<void> {
    if (path.dirname(path.dirname(file)) !== this.directory) throw new Error(`not inside the upload folder: ${file}`);
    await fs.promises.rm(file, { force: true });
  }

  /**
   * Files (and abandoned temporary files) last modified before `cutoff`, for the sweep that
   * removes files no row points at. Missing folders are simply empty.
   */
  async *filesOlderThan(cutoff: Date): AsyncGenerator<{ key: string | null; file: string }> {
    let shards: string[];
    try {
      shards = await fs.promises.readdir(this.directory);
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    for (const shard of shards.filter((name) => /^[0-9a-f]{2}$/.test(name))) {
      const folder = path.join(this.directory, shard);
      for (const name of await fs.promises.readdir(folder).catch(() => [] as string[])) {
        const file = path.join(folder, name);
        const stats = await fs.promises.stat(file).catch(() => null);
        if (!stats?.isFile() || stats.mtime >= cutoff) continue;
        const key = `${shard}/${name}`;
        yield { key: KEY_PATTERN.test(key) ? key : null, file };
      }
    }
  }
}

async function syncDirectory(folder: string): Promise<void> {
  // Makes the rename itself durable; some platforms cannot open a directory, which is harmless.
  const handle = await fs.promises.open(folder, "r").catch(() => null);
  if (!handle) return;
  try {
    await handle.sync().catch(() => undefined);
  } finally {
    await handle.close();
  }
}
