import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { rejectionReason } from "./rejection.ts";
import { jpegWithManyScans, screenshotPixels } from "./test-corpus.ts";
import { makeThumbnail, THUMBNAIL_EDGE } from "./thumbnail.ts";

const options = { timeoutSeconds: 10 };

describe("makeThumbnail", () => {
  it("shrinks a large screenshot to a small WebP with the same proportions", async () => {
    const original = await screenshotPixels(1920, 1080).png().toBuffer();
    const thumbnail = await makeThumbnail(original, options);
    const metadata = await sharp(thumbnail).metadata();
    expect(metadata).toMatchObject({ format: "webp", width: THUMBNAIL_EDGE, height: 270 });
    expect(thumbnail.length).toBeLessThan(original.length);
  });

  it("never enlarges a small one", async () => {
    const original = await screenshotPixels(200, 120).jpeg().toBuffer();
    const metadata = await sharp(await makeThumbnail(original, options)).metadata();
    expect(metadata).toMatchObject({ format: "webp", width: 200, height: 120 });
  });

  it("gives up on a decode that runs past its time limit", async () => {
    // Valid, and about 3 s of CPU to decode (scanImage refuses it at upload; here nothing does).
    const slow = jpegWithManyScans(4000, 4000);
    const started = performance.now();
    const error = await makeThumbnail(slow, { timeoutSeconds: 1 }).catch((caught: unknown) => caught);
    expect(rejectionReason(error)).toBe("too_complex");
    expect(performance.now() - started).toBeGreaterThan(1_000);
  }, 30_000); // seconds of CPU, and more when other test files share the cores

  it("fails, rather than hanging, when the stored bytes are not an image", async () => {
    const error = await makeThumbnail(Buffer.from("not an image at all"), options).catch((caught: unknown) => caught);
    expect(rejectionReason(error)).toBe("damaged");
  });
});
