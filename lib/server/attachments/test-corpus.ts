import { crc32, deflateSync } from "node:zlib";
import sharp, { type Sharp } from "sharp";

/**
 * Images and attacks generated on the fly for the attachment tests (unit, integration and
 * browser); nothing binary is checked in.
 */

const GPS_EXIF = {
  IFD0: { Make: "ExamplePhone", Model: "Test 1", Copyright: "owner" },
  IFD3: {
    GPSLatitudeRef: "N",
    GPSLatitude: "35/1 39/1 2934/100",
    GPSLongitudeRef: "E",
    GPSLongitude: "139/1 42/1 1234/100",
  },
};

/** A small screenshot-like picture: a coloured gradient with a label band, `width`×`height`. */
export function screenshotPixels(width = 96, height = 64, seed = 0): Sharp {
  const channels = 3;
  const pixels = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const offset = (y * width + x) * channels;
      pixels[offset] = (x * 255) / width;
      pixels[offset + 1] = (y * 255) / height;
      pixels[offset + 2] = y < height / 4 ? 40 + seed * 50 : 200;
    }
  }
  return sharp(pixels, { raw: { width, height, channels } });
}

export const samplePng = (seed = 0, width = 96, height = 64) => screenshotPixels(width, height, seed).png().toBuffer();
export const sampleJpeg = (seed = 0) => screenshotPixels(96, 64, seed).jpeg({ quality: 90 }).toBuffer();
export const sampleWebp = (seed = 0) => screenshotPixels(96, 64, seed).webp({ quality: 90 }).toBuffer();

/** A JPEG carrying camera make/model and a GPS position in EXIF, as a phone photo would. */
export const jpegWithGps = (orientation?: number) => {
  let image = screenshotPixels().jpeg({ quality: 90 }).withExif(GPS_EXIF);
  if (orientation) image = image.withMetadata({ orientation });
  return image.toBuffer();
};
export const pngWithExif = () => screenshotPixels().png().withExif(GPS_EXIF).toBuffer();
export const webpWithExif = () => screenshotPixels().webp().withExif(GPS_EXIF).toBuffer();

export function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Inserts ancillary chunks right after IHDR (signature 8 bytes + IHDR 25 bytes). */
export function withPngChunks(png: Buffer, chunks: Buffer[]): Buffer {
  return Buffer.concat([png.subarray(0, 33), ...chunks, png.subarray(33)]);
}

export const pngTextChunk = (keyword: string, text: string) =>
  pngChunk("tEXt", Buffer.concat([Buffer.from(keyword, "latin1"), Buffer.from([0]), Buffer.from(text, "latin1")]));

/**
 * A PNG whose header claims 50,000 × 50,000 pixels (2.5 gigapixels, ~7.5 GB decoded) with a tiny
 * compressed body: the classic decompression bomb. Built by hand, never allocated.
 */
export function pngPixelBomb(width = 50_000, height = 50_000): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const oneRow = Buffer.alloc(1 + width * 3);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(oneRow)),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A real JPEG whose frame header is rewritten to claim `width`×`height`. */
export async function jpegPixelBomb(width = 50_000, height = 50_000): Promise<Buffer> {
  const jpeg = Buffer.from(await sampleJpeg());
  for (let offset = 2; offset < jpeg.length; ) {
    const marker = jpeg[offset + 1]!;
    const length = jpeg.readUInt16BE(offset + 2);
    if (marker === 0xc0 || marker === 0xc2) {
      jpeg.writeUInt16BE(height, offset + 5);
      jpeg.writeUInt16BE(width, offset + 7);
      return jpeg;
    }
    offset += 2 + length;
  }
  throw new Error("no frame header");
}

export const htmlRenamedAsPng = () => Buffer.from("<!doctype html><html><body><script>alert(document.cookie)</script></body></html>");
export const svgWithScript = () =>
  Buffer.from(
    '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>',
  );
export const pngWithTrailingHtml = async () => Buffer.concat([await samplePng(), htmlRenamedAsPng()]);
export const jpegWithTrailingHtml = async () => Buffer.concat([await sampleJpeg(), htmlRenamedAsPng()]);
export const truncatedJpeg = async () => {
  const jpeg = await sampleJpeg();
  return jpeg.subarray(0, Math.floor(jpeg.length * 0.6));
};
export const truncatedPng = async () => {
  const png = await samplePng();
  return png.subarray(0, png.length - 20);
};
/** JPEG bytes behind a PNG signature: the magic says one thing, the content another. */
export const jpegBehindPngMagic = async () =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), await sampleJpeg()]);
export const gifImage = () => screenshotPixels().gif().toBuffer();
/** One byte over 10 MB, starting like a PNG: refused on size before anything reads it. */
export function oversizeFile(): Buffer {
  const bytes = Buffer.alloc(10 * 1024 * 1024 + 1);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
  return bytes;
}

/** Decoded RGB(A) pixels, to prove stripping kept every pixel. */
export async function decodedPixels(image: Buffer): Promise<Buffer> {
  return sharp(image).raw().toBuffer();
}

/** True when an EXIF block carries a GPS IFD pointer (tag 0x8825), in either byte order. */
export function exifHasGps(exif: Buffer | undefined): boolean {
  if (!exif) return false;
  return exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]));
}
