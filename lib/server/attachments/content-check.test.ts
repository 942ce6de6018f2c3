import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { MAX_ATTACHMENT_BYTES } from "@/lib/validation/attachment.ts";
import { checkImageContent } from "./content-check.ts";
import { rejectionReason } from "./rejection.ts";
import * as corpus from "./test-corpus.ts";

async function refusal(bytes: Buffer | Promise<Buffer>): Promise<string | null> {
  try {
    await checkImageContent(await bytes);
    return null;
  } catch (error) {
    return rejectionReason(error) ?? `unexpected: ${String(error)}`;
  }
}

describe("checkImageContent accepts real screenshots", () => {
  it.each([
    ["PNG", corpus.samplePng, "image/png"],
    ["JPEG", corpus.sampleJpeg, "image/jpeg"],
    ["WebP", corpus.sampleWebp, "image/webp"],
  ])("%s: records type, size, dimensions and hash, pixels unchanged", async (_name, make, contentType) => {
    const original = await make();
    const checked = await checkImageContent(original);
    expect(checked).toMatchObject({ contentType, width: 96, height: 64, byteSize: checked.bytes.length });
    expect(checked.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await corpus.decodedPixels(checked.bytes)).toEqual(await corpus.decodedPixels(original));
  });
});

describe("checkImageContent refuses the attack corpus", () => {
  it.each([
    ["HTML renamed to .png", corpus.htmlRenamedAsPng, "unsupported_type"],
    ["SVG with a script", corpus.svgWithScript, "unsupported_type"],
    ["PNG followed by HTML (polyglot)", corpus.pngWithTrailingHtml, "unsupported_type"],
    ["JPEG followed by HTML (polyglot)", corpus.jpegWithTrailingHtml, "unsupported_type"],
    ["truncated JPEG", corpus.truncatedJpeg, "damaged"],
    ["truncated PNG", corpus.truncatedPng, "damaged"],
    ["JPEG content behind PNG magic", corpus.jpegBehindPngMagic, "damaged"],
    ["GIF (wrong magic)", corpus.gifImage, "unsupported_type"],
    ["larger than 10 MB", corpus.oversizeFile, "too_large"],
    ["empty file", () => Buffer.alloc(0), "damaged"],
  ])("%s", async (_name, make, reason) => {
    expect(await refusal(make())).toBe(reason);
  });

  it("refuses 50,000 × 50,000 pixel bombs from the header, without decoding them", async () => {
    const started = performance.now();
    const heapBefore = process.memoryUsage().rss;
    expect(await refusal(corpus.pngPixelBomb())).toBe("too_many_pixels");
    expect(await refusal(corpus.jpegPixelBomb())).toBe("too_many_pixels");
    expect(performance.now() - started).toBeLessThan(2_000);
    // 2.5 gigapixels would need gigabytes; nothing near that was allocated
    expect(process.memoryUsage().rss - heapBefore).toBeLessThan(200 * 1024 * 1024);
  });

  it("refuses a PNG chunk whose CRC does not match, and animated PNGs", async () => {
    const png = Buffer.from(await corpus.samplePng());
    png[40] = png[40]! ^ 0xff; // inside the first chunk after IHDR
    expect(await refusal(png)).toBe("damaged");
    const apng = corpus.withPngChunks(await corpus.samplePng(), [corpus.pngChunk("acTL", Buffer.alloc(8))]);
    expect(await refusal(apng)).toBe("unsupported_type");
  });

  it("limits the upload size to exactly 10 MB", () => {
    expect(MAX_ATTACHMENT_BYTES).toBe(10 * 1024 * 1024);
  });
});

describe("checkImageContent bounds the work of a decode", () => {
  it("refuses a progressive JPEG of 883 scans from its markers, without decoding it", async () => {
    const manyScans = corpus.jpegWithManyScans(1024, 1024);
    // a valid image: a decoder takes it, only slowly
    expect((await sharp(manyScans).metadata()).isProgressive).toBe(true);
    const started = performance.now();
    expect(await refusal(manyScans)).toBe("too_complex");
    expect(performance.now() - started).toBeLessThan(200);
  });

  it("accepts the progressive JPEGs encoders write", async () => {
    for (const options of [{ progressive: true }, { progressive: true, optimiseScans: true }]) {
      const jpeg = await corpus.screenshotPixels(640, 480).jpeg(options).toBuffer();
      expect((await checkImageContent(jpeg)).contentType).toBe("image/jpeg");
    }
  });

  it("refuses a PNG of thousands of chunks and a WebP of several frames", async () => {
    const chatty = corpus.withPngChunks(await corpus.samplePng(), Array.from({ length: 9000 }, () => corpus.pngTextChunk("a", "b")));
    expect(await refusal(chatty)).toBe("too_complex");
    const webp = await corpus.sampleWebp();
    const frame = webp.subarray(12);
    const twoFrames = Buffer.concat([webp.subarray(0, 12), frame, frame]);
    twoFrames.writeUInt32LE(twoFrames.length - 8, 4);
    expect(await refusal(twoFrames)).toBe("unsupported_type");
  });

  it("accepts a 40-megapixel screenshot well within the decode time limit", async () => {
    const huge = await corpus.screenshotPixels(5000, 8000).png().toBuffer();
    const started = performance.now();
    const checked = await checkImageContent(huge);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(await sharp(checked.thumbnail).metadata()).toMatchObject({ width: 300, height: 480 });
  });

  it("makes the gallery thumbnail in the decode that checks the image, upright and never enlarged", async () => {
    const large = await checkImageContent(await corpus.screenshotPixels(1920, 1080).png().toBuffer());
    expect(await sharp(large.thumbnail).metadata()).toMatchObject({ format: "webp", width: 480, height: 270 });
    const rotated = await checkImageContent(await corpus.jpegWithGps(6));
    expect(await sharp(rotated.thumbnail).metadata()).toMatchObject({ format: "webp", width: 64, height: 96 });
  });
});

describe("checkImageContent strips metadata", () => {
  it("removes GPS and camera EXIF from a JPEG, keeping every pixel", async () => {
    const original = await corpus.jpegWithGps();
    const before = await sharp(original).metadata();
    expect(corpus.exifHasGps(before.exif)).toBe(true);

    const checked = await checkImageContent(original);
    const after = await sharp(checked.bytes).metadata();
    expect(after.exif).toBeUndefined();
    expect(checked.bytes.includes(Buffer.from("ExamplePhone"))).toBe(false);
    expect(await corpus.decodedPixels(checked.bytes)).toEqual(await corpus.decodedPixels(original));
  });

  it("keeps only the orientation of a rotated phone photo, and reports its displayed size", async () => {
    const original = await corpus.jpegWithGps(6);
    expect((await sharp(original).metadata()).orientation).toBe(6);
    const checked = await checkImageContent(original);
    const after = await sharp(checked.bytes).metadata();
    expect(after.orientation).toBe(6);
    expect(corpus.exifHasGps(after.exif)).toBe(false);
    expect(checked.bytes.includes(Buffer.from("ExamplePhone"))).toBe(false);
    expect({ width: checked.width, height: checked.height }).toEqual({ width: 64, height: 96 });
  });

  it("removes eXIf and text chunks from a PNG", async () => {
    const original = corpus.withPngChunks(await corpus.pngWithExif(), [
      corpus.pngTextChunk("Comment", "<script>alert(1)</script>"),
      corpus.pngChunk("tIME", Buffer.from([0x07, 0xea, 11, 22, 10, 0, 0])),
    ]);
    expect(corpus.exifHasGps((await sharp(original).metadata()).exif)).toBe(true);
    const checked = await checkImageContent(original);
    expect((await sharp(checked.bytes).metadata()).exif).toBeUndefined();
    for (const type of ["eXIf", "tEXt", "tIME", "<script>"]) expect(checked.bytes.includes(Buffer.from(type))).toBe(false);
    expect(await corpus.decodedPixels(checked.bytes)).toEqual(await corpus.decodedPixels(original));
  });

  it("removes EXIF from a WebP and clears the flag in its header", async () => {
    const original = await corpus.webpWithExif();
    expect(corpus.exifHasGps((await sharp(original).metadata()).exif)).toBe(true);
    const checked = await checkImageContent(original);
    expect((await sharp(checked.bytes).metadata()).exif).toBeUndefined();
    expect(checked.bytes.includes(Buffer.from("EXIF"))).toBe(false);
    expect(await corpus.decodedPixels(checked.bytes)).toEqual(await corpus.decodedPixels(original));
  });
});
