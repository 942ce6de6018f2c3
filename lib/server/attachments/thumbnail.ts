import "server-only";
import { Readable } from "node:stream";
import sharp from "sharp";
import { MAX_IMAGE_PIXELS } from "@/lib/validation/attachment.ts";

/** Long edge of a gallery thumbnail; twice the grid cell so it stays sharp on high-DPI screens. */
export const THUMBNAIL_EDGE = 480;
export const THUMBNAIL_TYPE = "image/webp";

/**
 * A small WebP of a stored screenshot, streamed: a gallery of five 10 MB screenshots costs the
 * agent's browser a few hundred KB instead of 50 MB. The stored file was already checked by
 * content, so this only resizes; it never enlarges.
 */
export function thumbnailStream(original: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const resizer = sharp({ limitInputPixels: MAX_IMAGE_PIXELS, sequentialRead: true })
    .resize({ width: THUMBNAIL_EDGE, height: THUMBNAIL_EDGE, fit: "inside", withoutEnlargement: true })
    .webp({ quality: 72 });
  const source = Readable.fromWeb(original as import("node:stream/web").ReadableStream<Uint8Array>);
  source.on("error", (error) => resizer.destroy(error));
  return Readable.toWeb(source.pipe(resizer)) as ReadableStream<Uint8Array>;
}
