import "server-only";
import { createHash } from "node:crypto";
import sharp, { type Metadata } from "sharp";
import { MAX_ATTACHMENT_BYTES, MAX_IMAGE_PIXELS, type AcceptedImageType } from "@/lib/validation/attachment.ts";
import { scanImage, sniffImageFormat, type ImageFormat } from "./image-container.ts";
import { uploadLimits, type UploadLimits } from "./limits.ts";
import { rejectUpload } from "./rejection.ts";
import { makeThumbnail } from "./thumbnail.ts";

export type CheckedImage = {
  /** The image without metadata: what gets stored and served. */
  bytes: Buffer;
  contentType: AcceptedImageType;
  byteSize: number;
  /** As displayed, i.e. after the EXIF orientation a JPEG keeps. */
  width: number;
  height: number;
  sha256: string;
  /** The gallery's WebP, made by the decode that proved the image complete. */
  thumbnail: Buffer;
};

const CONTENT_TYPES: Record<ImageFormat, AcceptedImageType> = { png: "image/png", jpeg: "image/jpeg", webp: "image/webp" };

/**
 * Decides by content whether an upload is a PNG, JPEG or WebP screenshot, and returns it without
 * metadata, with its thumbnail. Order matters: the cheap checks (size, magic bytes, container
 * structure, the pixel size declared in the header, the number of scans and chunks) run before
 * any decoder sees the file, so a decompression bomb or a JPEG of thousands of scans is refused
 * without decoding it; the one full decode (sharp, strict, under UPLOAD_DECODE_TIMEOUT_SECONDS)
 * then runs on the stripped bytes that will be stored, proving they are a complete image while it
 * makes the thumbnail. Throws rejectUpload().
 */
export async function checkImageContent(input: Buffer, limits: UploadLimits = uploadLimits()): Promise<CheckedImage> {
  if (input.length > MAX_ATTACHMENT_BYTES) throw rejectUpload("too_large", `${input.length} bytes`);
  if (input.length === 0) throw rejectUpload("damaged", "empty file");
  const format = sniffImageFormat(input);
  if (!format) throw rejectUpload("unsupported_type", `magic ${input.subarray(0, 8).toString("hex")}`);

  const scanned = scanImage(format, input, { maxJpegScans: limits.maxJpegScans });
  if (scanned.width < 1 || scanned.height < 1 || scanned.width * scanned.height > MAX_IMAGE_PIXELS) {
    throw rejectUpload("too_many_pixels", `${scanned.width}x${scanned.height}`);
  }

  const original = await readHeader(input);
  if (original.format !== format || original.width !== scanned.width || original.height !== scanned.height) {
    throw rejectUpload("damaged", `decoder sees ${original.format} ${original.width}x${original.height}`);
  }
  // Orientation survives only in JPEG, where phones set it on photos of a screen.
  const orientation = format === "jpeg" ? (original.orientation ?? 1) : 1;
  const bytes = scanned.rebuild(orientation);

  const thumbnail = await makeThumbnail(bytes, { timeoutSeconds: limits.decodeTimeoutSeconds });

  const rotated = orientation >= 5;
  return {
    bytes,
    contentType: CONTENT_TYPES[format],
    byteSize: bytes.length,
    width: rotated ? scanned.height : scanned.width,
    height: rotated ? scanned.width : scanned.height,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    thumbnail,
  };
}

async function readHeader(input: Buffer): Promise<Metadata> {
  try {
    return await sharp(input, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: "warning" }).metadata();
  } catch (error) {
    throw rejectUpload("damaged", `header unreadable: ${(error as Error).message}`);
  }
}
