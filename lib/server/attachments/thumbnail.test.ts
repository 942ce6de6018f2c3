import { Readable } from "node:stream";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { screenshotPixels } from "./test-corpus.ts";
import { THUMBNAIL_EDGE, thumbnailStream } from "./thumbnail.ts";

const streamOf = (bytes: Buffer) => Readable.toWeb(Readable.from([bytes])) as ReadableStream<Uint8Array>;
const bytesOf = async (stream: ReadableStream<Uint8Array>) => Buffer.from(await new Response(stream).arrayBuffer());

describe("thumbnailStream", () => {
  it("shrinks a large screenshot to a small WebP with the same proportions", async () => {
    const original = await screenshotPixels(1920, 1080).png().toBuffer();
    const thumbnail = await bytesOf(thumbnailStream(streamOf(original)));
    const metadata = await sharp(thumbnail).metadata();
    expect(metadata).toMatchObject({ format: "webp", width: THUMBNAIL_EDGE, height: 270 });
    expect(thumbnail.length).toBeLessThan(original.length);
  });

  it("never enlarges a small one", async () => {
    const original = await screenshotPixels(200, 120).jpeg().toBuffer();
    const metadata = await sharp(await bytesOf(thumbnailStream(streamOf(original)))).metadata();
    expect(metadata).toMatchObject({ format: "webp", width: 200, height: 120 });
  });

  it("fails the stream, rather than hanging, when the stored bytes are not an image", async () => {
    await expect(bytesOf(thumbnailStream(streamOf(Buffer.from("not an image at all"))))).rejects.toThrow();
  });
});
