import "server-only";
import { crc32 } from "node:zlib";
import { rejectUpload } from "./rejection.ts";

/**
 * Byte-level walks of the PNG, JPEG and WebP containers. Each walk proves the file is exactly one
 * well-formed image of the format its magic bytes claim (nothing before, nothing after, every
 * length in range), reads the pixel size from the header so absurd sizes are refused before any
 * decoder allocates memory, and rebuilds the file without its metadata. Pixel data is copied
 * byte for byte: stripping is lossless.
 *
 * What is kept: only what decoding or colour needs — PNG critical chunks, transparency and
 * colour-space chunks; JPEG tables, frames, scans, JFIF (without thumbnail), Adobe colour
 * transform and ICC profile; WebP image, alpha and ICC chunks. Everything else (EXIF with GPS,
 * XMP, IPTC, comments, text, timestamps, thumbnails, maker notes, unknown chunks) is dropped.
 *
 * Cost: a decoder's work grows with more than the pixel count in two ways a file can ask for —
 * the scans of a progressive JPEG (a full pass over the image each) and the number of chunks or
 * segments (each parsed on its own). Both are counted here and an unreasonable number is refused
 * as too_complex before any decoder runs; animation (APNG, animated WebP) is refused outright.
 *
 * Polyglots: bytes after the image's end marker (PNG IEND, JPEG EOI, the RIFF size) are refused,
 * since an image that carries something else is not a screenshot. Two harmless, common tails are
 * dropped instead: zero padding, and the secondary images a camera appends after a JPEG that
 * announces them in an MPF segment (Ultra HDR gain maps, depth maps).
 */

export type ImageFormat = "png" | "jpeg" | "webp";

export type ScannedImage = {
  format: ImageFormat;
  width: number;
  height: number;
  /** The file rebuilt without metadata; `orientation` (JPEG only) is re-added when not 1. */
  rebuild(orientation: number): Buffer;
};

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The format the first bytes claim, or null for anything else (SVG, HTML, GIF, PDF, …). */
export function sniffImageFormat(bytes: Buffer): ImageFormat | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return "png";
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (bytes.length >= 12 && bytes.toString("latin1", 0, 4) === "RIFF" && bytes.toString("latin1", 8, 12) === "WEBP") return "webp";
  return null;
}

/**
 * Far more than any encoder writes (a 10 MB PNG from libpng has about 1,300 IDAT chunks; a
 * JPEG a few dozen segments), few enough that parsing them all stays cheap.
 */
export const MAX_CONTAINER_CHUNKS = 8192;

export function scanImage(format: ImageFormat, bytes: Buffer, { maxJpegScans }: { maxJpegScans: number }): ScannedImage {
  if (format === "png") return scanPng(bytes);
  if (format === "jpeg") return scanJpeg(bytes, maxJpegScans);
  return scanWebp(bytes);
}

const damaged = (detail: string) => rejectUpload("damaged", detail);
const notAScreenshot = (detail: string) => rejectUpload("unsupported_type", detail);
const tooComplex = (detail: string) => rejectUpload("too_complex", detail);

function countChunk(count: number, format: ImageFormat): number {
  if (count >= MAX_CONTAINER_CHUNKS) throw tooComplex(`${format}: more than ${MAX_CONTAINER_CHUNKS} chunks`);
  return count + 1;
}

function isZeroPadding(tail: Buffer): boolean {
  return tail.every((byte) => byte === 0);
}

// ---------------------------------------------------------------------------------------- PNG

const PNG_CRITICAL = new Set(["IHDR", "PLTE", "IDAT", "IEND"]);
// Ancillary chunks that change how the pixels look: transparency, gamma and colour space.
const PNG_KEPT_ANCILLARY = new Set(["tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "cICP", "mDCV", "cLLI", "sBIT"]);
const PNG_ANIMATION = new Set(["acTL", "fcTL", "fdAT"]);

function scanPng(bytes: Buffer): ScannedImage {
  const kept: Buffer[] = [PNG_SIGNATURE];
  let offset = PNG_SIGNATURE.length;
  let width = 0;
  let height = 0;
  let sawIdat = false;
  let ended = false;
  let first = true;
  let chunks = 0;
  while (offset < bytes.length) {
    chunks = countChunk(chunks, "png");
    if (offset + 12 > bytes.length) throw damaged("png: chunk header cut off");
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString("latin1", offset + 4, offset + 8);
    if (length > 0x7fffffff || !/^[A-Za-z]{4}$/.test(type)) throw damaged(`png: bad chunk header at ${offset}`);
    const end = offset + 12 + length;
    if (end > bytes.length) throw damaged(`png: ${type} chunk cut off`);
    const stored = bytes.readUInt32BE(offset + 8 + length);
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== stored) throw damaged(`png: ${type} CRC mismatch`);
    const chunk = bytes.subarray(offset, end);
    if (first) {
      if (type !== "IHDR" || length !== 13) throw damaged("png: IHDR is not first");
      width = bytes.readUInt32BE(offset + 8);
      height = bytes.readUInt32BE(offset + 12);
      first = false;
    }
    if (PNG_ANIMATION.has(type)) throw notAScreenshot("png: animated (APNG)");
    const critical = type.charCodeAt(0) < 0x61;
    if (critical && !PNG_CRITICAL.has(type)) throw notAScreenshot(`png: unknown critical chunk ${type}`);
    if (critical || PNG_KEPT_ANCILLARY.has(type)) kept.push(chunk);
    if (type === "IDAT") sawIdat = true;
    offset = end;
    if (type === "IEND") {
      ended = true;
      break;
    }
  }
  if (!ended || !sawIdat) throw damaged("png: no image data or no IEND");
  const tail = bytes.subarray(offset);
  if (tail.length && !isZeroPadding(tail)) throw notAScreenshot(`png: ${tail.length} bytes after IEND`);
  // Nothing to strip (the usual screenshot): the file is stored as sent, without a copy.
  const strippedBytes = kept.reduce((sum, chunk) => sum + chunk.length, 0);
  return { format: "png", width, height, rebuild: () => (strippedBytes === bytes.length ? bytes : Buffer.concat(kept)) };
}

// --------------------------------------------------------------------------------------- JPEG

const SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);
const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const COM = 0xfe;

function startsWith(segment: Buffer, signature: string): boolean {
  return segment.length >= signature.length && segment.toString("latin1", 0, signature.length) === signature;
}

/** The JFIF header with the same version and density but never an embedded thumbnail. */
function jfifWithoutThumbnail(payload: Buffer): Buffer | null {
  if (payload.length < 14) return null;
  const segment = Buffer.alloc(18);
  segment.writeUInt16BE(0xffe0, 0);
  segment.writeUInt16BE(16, 2);
  payload.copy(segment, 4, 0, 12); // "JFIF\0", version, units, densities
  segment[16] = 0;
  segment[17] = 0;
  return segment;
}

/** An APP1 Exif segment holding nothing but the Orientation tag, so phone photos stay upright. */
export function orientationOnlyExif(orientation: number): Buffer {
  const segment = Buffer.alloc(36);
  segment.writeUInt16BE(0xffe1, 0);
  segment.writeUInt16BE(34, 2);
  segment.write("Exif\0\0", 4, "latin1");
  const tiff = 10;
  segment.write("MM", tiff, "latin1");
  segment.writeUInt16BE(42, tiff + 2);
  segment.writeUInt32BE(8, tiff + 4); // first IFD right after the header
  segment.writeUInt16BE(1, tiff + 8); // one entry
  segment.writeUInt16BE(0x0112, tiff + 10); // Orientation
  segment.writeUInt16BE(3, tiff + 12); // SHORT
  segment.writeUInt32BE(1, tiff + 14);
  segment.writeUInt16BE(orientation, tiff + 18);
  segment.writeUInt32BE(0, tiff + 22); // no next IFD
  return segment;
}

/** Offset of the marker that ends the entropy-coded data starting at `offset`. */
function endOfEntropyData(bytes: Buffer, offset: number): number {
  let position = offset;
  for (;;) {
    position = bytes.indexOf(0xff, position);
    if (position < 0 || position + 1 >= bytes.length) throw damaged("jpeg: scan data cut off");
    const next = bytes[position + 1]!;
    // FF00 is an escaped data byte, FFD0–FFD7 restart markers belong to the scan, FFFF is fill.
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) {
      position += next === 0xff ? 1 : 2;
      continue;
    }
    return position;
  }
}

function scanJpeg(bytes: Buffer, maxScans: number): ScannedImage {
  const head: Buffer[] = [bytes.subarray(0, 2)];
  const body: Buffer[] = [];
  let width = 0;
  let height = 0;
  let frames = 0;
  let multiPicture = false;
  let offset = 2;
  let ended = false;
  let segments = 0;
  let scans = 0;
  while (offset < bytes.length) {
    segments = countChunk(segments, "jpeg");
    if (bytes[offset] !== 0xff) throw damaged(`jpeg: expected a marker at ${offset}`);
    while (bytes[offset + 1] === 0xff) offset += 1; // fill bytes before a marker
    if (offset + 1 >= bytes.length) throw damaged("jpeg: marker cut off");
    const marker = bytes[offset + 1]!;
    if (marker === EOI) {
      body.push(bytes.subarray(offset, offset + 2));
      offset += 2;
      ended = true;
      break;
    }
    if (marker === SOI) throw damaged("jpeg: second start of image");
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      body.push(bytes.subarray(offset, offset + 2));
      offset += 2;
      continue;
    }
    if (offset + 4 > bytes.length) throw damaged("jpeg: segment length cut off");
    const length = bytes.readUInt16BE(offset + 2);
    const end = offset + 2 + length;
    if (length < 2 || end > bytes.length) throw damaged(`jpeg: segment ${marker.toString(16)} cut off`);
    const segment = bytes.subarray(offset, end);
    const payload = bytes.subarray(offset + 4, end);
    if (SOF_MARKERS.has(marker)) {
      if (payload.length < 6) throw damaged("jpeg: short frame header");
      frames += 1;
      height = payload.readUInt16BE(1);
      width = payload.readUInt16BE(3);
      body.push(segment);
    } else if (marker === SOS) {
      if (++scans > maxScans) throw tooComplex(`jpeg: more than ${maxScans} scans`);
      const scanEnd = endOfEntropyData(bytes, end);
      body.push(bytes.subarray(offset, scanEnd));
      offset = scanEnd;
      continue;
    } else if (marker >= 0xe0 && marker <= 0xef) {
      if (marker === 0xe0 && startsWith(payload, "JFIF\0")) {
        const jfif = jfifWithoutThumbnail(payload);
        if (jfif && head.length === 1) head.push(jfif);
      } else if (marker === 0xe2 && startsWith(payload, "ICC_PROFILE\0")) {
        body.push(segment);
      } else if (marker === 0xe2 && startsWith(payload, "MPF\0")) {
        multiPicture = true;
      } else if (marker === 0xee && startsWith(payload, "Adobe")) {
        body.push(segment);
      }
      // any other APPn (EXIF, XMP, IPTC, maker data) is dropped
    } else if (marker !== COM) {
      body.push(segment); // tables, restart interval, …
    }
    offset = end;
  }
  if (!ended) throw damaged("jpeg: no end of image");
  if (frames !== 1) throw damaged(`jpeg: ${frames} frame headers`);
  const tail = bytes.subarray(offset);
  const appendedImages = multiPicture && tail.length >= 3 && tail[0] === 0xff && tail[1] === SOI;
  if (tail.length && !isZeroPadding(tail) && !appendedImages) throw notAScreenshot(`jpeg: ${tail.length} bytes after EOI`);
  return {
    format: "jpeg",
    width,
    height,
    rebuild: (orientation) =>
      Buffer.concat([...head, ...(orientation > 1 && orientation <= 8 ? [orientationOnlyExif(orientation)] : []), ...body]),
  };
}

// --------------------------------------------------------------------------------------- WebP

const VP8X_ICC = 0x20;
const VP8X_ALPHA = 0x10;
const VP8X_ANIMATION = 0x02;
const WEBP_KEPT = new Set(["VP8 ", "VP8L", "ALPH", "ICCP"]);

function vp8Dimensions(payload: Buffer): { width: number; height: number } {
  if (payload.length < 10 || payload[3] !== 0x9d || payload[4] !== 0x01 || payload[5] !== 0x2a) throw damaged("webp: bad VP8 frame header");
  return { width: payload.readUInt16LE(6) & 0x3fff, height: payload.readUInt16LE(8) & 0x3fff };
}

function vp8lDimensions(payload: Buffer): { width: number; height: number } {
  if (payload.length < 5 || payload[0] !== 0x2f) throw damaged("webp: bad VP8L header");
  const bits = payload.readUInt32LE(1);
  return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
}

function scanWebp(bytes: Buffer): ScannedImage {
  const riffEnd = 8 + bytes.readUInt32LE(4);
  if (riffEnd > bytes.length) throw damaged("webp: RIFF cut off");
  const chunks: { type: string; data: Buffer; raw: Buffer }[] = [];
  let offset = 12;
  while (offset < riffEnd) {
    if (chunks.length >= MAX_CONTAINER_CHUNKS) throw tooComplex(`webp: more than ${MAX_CONTAINER_CHUNKS} chunks`);
    if (offset + 8 > riffEnd) throw damaged("webp: chunk header cut off");
    const type = bytes.toString("latin1", offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    const end = offset + 8 + size + (size % 2);
    if (end > riffEnd) throw damaged(`webp: ${type} chunk cut off`);
    chunks.push({ type, data: bytes.subarray(offset + 8, offset + 8 + size), raw: bytes.subarray(offset, end) });
    offset = end;
  }
  const tail = bytes.subarray(riffEnd);
  if (tail.length && !isZeroPadding(tail)) throw notAScreenshot(`webp: ${tail.length} bytes after RIFF`);
  const [first] = chunks;
  if (!first) throw damaged("webp: no chunks");
  const images = chunks.filter((chunk) => chunk.type === "VP8 " || chunk.type === "VP8L");
  if (chunks.some((chunk) => chunk.type === "ANIM" || chunk.type === "ANMF")) throw notAScreenshot("webp: animated");
  // A still image has exactly one; more are frames, or something else riding along.
  if (images.length > 1) throw notAScreenshot(`webp: ${images.length} image chunks`);
  const [image] = images;
  if (!image) throw damaged("webp: no image data");
  const size = image.type === "VP8 " ? vp8Dimensions(image.data) : vp8lDimensions(image.data);
  const kept = chunks.filter((chunk) => WEBP_KEPT.has(chunk.type)).map((chunk) => chunk.raw);
  if (first.type === "VP8X") {
    if (first.data.length < 10) throw damaged("webp: short VP8X");
    if (first.data[0]! & VP8X_ANIMATION) throw notAScreenshot("webp: animated");
    const canvasWidth = first.data.readUIntLE(4, 3) + 1;
    const canvasHeight = first.data.readUIntLE(7, 3) + 1;
    if (canvasWidth !== size.width || canvasHeight !== size.height) throw damaged("webp: canvas and frame sizes differ");
    // Same canvas, with the EXIF and XMP flags cleared because those chunks are gone.
    const header = Buffer.from(first.raw.subarray(0, 18));
    header[8] = first.data[0]! & (VP8X_ICC | VP8X_ALPHA);
    kept.unshift(header);
  } else if (first !== image) {
    throw damaged(`webp: unexpected first chunk ${first.type}`);
  }
  return {
    format: "webp",
    width: size.width,
    height: size.height,
    rebuild: () => {
      const content = Buffer.concat(kept);
      const riff = Buffer.alloc(12);
      riff.write("RIFF", 0, "latin1");
      riff.writeUInt32LE(content.length + 4, 4);
      riff.write("WEBP", 8, "latin1");
      return Buffer.concat([riff, content]);
    },
  };
}
