import "server-only";
import { randomUUID } from "node:crypto";
import { UTApi, UTFile } from "uploadthing/server";
import { EXTENSION_BY_TYPE, type AcceptedImageType } from "@/lib/validation/attachment.ts";
import type { AttachmentStorage } from "./types.ts";

/**
 * Files at UploadThing. The server SDK reads UPLOADTHING_TOKEN (and, for a self-hosted or test
 * ingest, UPLOADTHING_INGEST_URL / _API_URL / _UFS_HOST). Files are read through short-lived
 * signed URLs, so it works whether the app's files are public or private; our own route serves
 * them with our headers, never a link to UploadThing.
 */
export class UploadThingStorage implements AttachmentStorage {
  readonly backend = "UPLOADTHING" as const;

  constructor(private readonly api: UTApi = new UTApi()) {}

  async put(bytes: Buffer, contentType: AcceptedImageType): Promise<string> {
    const file = new UTFile([new Uint8Array(bytes)], `${randomUUID()}.${EXTENSION_BY_TYPE[contentType]}`, { type: contentType });
    const result = await this.api.uploadFiles(file);
    if (result.error) throw new Error(`UploadThing upload failed: ${result.error.code} ${result.error.message}`);
    return result.data.key;
  }

  async open(key: string): Promise<{ stream: ReadableStream<Uint8Array>; size: number | null } | null> {
    const { ufsUrl } = await this.api.generateSignedURL(key, { expiresIn: 60 });
    const response = await fetch(ufsUrl, { cache: "no-store" });
    if (response.status === 404) return null;
    if (!response.ok || !response.body) throw new Error(`UploadThing read failed: ${response.status}`);
    const length = Number(response.headers.get("content-length"));
    return { stream: response.body, size: Number.isFinite(length) && length > 0 ? length : null };
  }

  async remove(key: string): Promise<void> {
    await this.api.deleteFiles(key);
  }
}
